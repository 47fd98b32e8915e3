import { currentLanguage, label } from '../../../platform/language/index.ts';
import { datesInText } from '../../../platform/views/nunjucks.ts';

// A checklist keeps the sentences that explained its level and the MARAC criteria it met, as they were written
// when it was completed (in English, the record's language). On a page in another language each sentence the
// rules write is shown in that language; anything else (a practitioner's own words) stays as recorded.

type Pattern = [RegExp, string, string[]];
const LEVEL = '(standard|medium|high)';
const PATTERNS: Pattern[] = [
  [new RegExp(`^The checklist score gives ${LEVEL} risk\\.$`), 'score-gives', ['level']],
  [/^The score of (\d+) is at or above the high threshold of (\d+)\.$/, 'score-high', ['score', 'high']],
  [
    /^The score of (\d+) is at or above the medium threshold of (\d+) and below the high threshold of (\d+)\.$/,
    'score-medium',
    ['score', 'medium', 'high'],
  ],
  [/^The score of (\d+) is below the medium threshold of (\d+)\.$/, 'score-standard', ['score', 'medium']],
  [
    new RegExp(`^Raised from ${LEVEL} to ${LEVEL} by professional judgement: ([\\s\\S]*)$`),
    'raised',
    ['from', 'to', 'reason'],
  ],
  [new RegExp(`^Professional judgement agrees \\(${LEVEL}\\): ([\\s\\S]*)$`), 'agrees', ['level', 'reason']],
  [
    new RegExp(
      `^Professional judgement was ${LEVEL} \\(([\\s\\S]*)\\); the level stays ${LEVEL} because judgement can raise the level given by the score, never lower it\\.$`,
    ),
    'not-lowered',
    ['level', 'reason', 'stays'],
  ],
  [
    /^Checklist score (\d+) is at or above the MARAC threshold of (\d+)\.$/,
    'visible-high-risk',
    ['score', 'threshold'],
  ],
  [/^The practitioner judged the risk to be high: ([\s\S]*)$/, 'judged-high-reason', ['reason']],
  [/^The practitioner judged the risk to be high\.$/, 'judged-high', []],
  [
    /^(\d+) police-recorded incidents in the last 12 months \(the partnership refers at (\d+) or more\)\.$/,
    'potential-escalation',
    ['count', 'threshold'],
  ],
  [
    /^New incident or assessment on (\d{4}-\d{2}-\d{2}) is within 12 months of the last MARAC on (\d{4}-\d{2}-\d{2})\.$/,
    'repeat',
    ['event', 'marac'],
  ],
];
// A child's rating, recorded by the child matrix's rules.
const RATING = '(low|medium|high|severe)';
PATTERNS.push(
  [new RegExp(`^Highest risk rating is ${RATING} \\(([a-z0-9-]+)\\)\\.$`), 'child-highest', ['rating', 'dimension']],
  [new RegExp(`^Lowered one step to ${RATING} because protection is strong\\.$`), 'child-lowered', ['rating']],
  [
    new RegExp(`^Protection is strong, but the rating is not lowered below ([a-z0-9-]+) \\(${RATING}\\)\\.$`),
    'child-floor',
    ['dimension', 'rating'],
  ],
  [new RegExp(`^Raised to ${RATING} by professional judgement: ([\\s\\S]*)$`), 'child-raised', ['rating', 'reason']],
  [
    new RegExp(`^Professional judgement was ${RATING}; the rating is not lowered by judgement\\.$`),
    'child-not-lowered',
    ['rating'],
  ],
  [new RegExp(`^Professional judgement agrees \\(${RATING}\\): ([\\s\\S]*)$`), 'child-agrees', ['rating', 'reason']],
);
const LEVEL_VALUES = new Set(['level', 'from', 'to', 'stays']);

/** A recorded sentence in the page's language when the rules wrote it, with its dates the GOV.UK way. */
export function recordedSentence(text: string): string {
  if (currentLanguage() === 'en') return datesInText(text);
  for (const [pattern, key, names] of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const values = Object.fromEntries(
      names.map((name, i) => {
        const value = match[i + 1] ?? '';
        if (LEVEL_VALUES.has(name)) return [name, label(`risk.level.${value}`).toLowerCase()];
        return [name, name === 'rating' ? label(`risk.child-rating.${value}`).toLowerCase() : value];
      }),
    );
    return datesInText(label(`risk.recorded.${key}`, values));
  }
  return datesInText(text);
}
