import { label } from '../../../platform/language/index.ts';
import { datesInText, formatDate } from '../../../platform/views/nunjucks.ts';
import type { risksFor } from '../for-viewer.ts';
import type { HistoryWarning } from '../history.ts';
import { levelWords } from '../labels.ts';
import { incidentKindWords } from '../../people/service.ts';

// What came before a checklist, as its pages show it (beside the questions, and on the result page): already cut
// by the access functions to what this viewer may see; here only put into words, in the page's language.

type Shared = Awaited<ReturnType<ReturnType<typeof risksFor>['result']>>;

const AGENCY = '\u0000agency\u0000';
const severity = (s: unknown) => label(`risk.severity.${String(s)}`);

export function warningText(w: HistoryWarning): string {
  const values = { ...w.values };
  if (w.kind === 'incidents-more-severe') {
    values.latestSeverity = severity(values.latestSeverity);
    values.earlierSeverity = severity(values.earlierSeverity);
  }
  const key = w.kind === 'incident-without-assessment' && !('next' in values) ? `${w.kind}-since` : w.kind;
  return datesInText(label(`risk.warning.${key}`, values));
}

const holds = (w: Shared['historyWithheld'][number]) =>
  [
    w.checklists ? label('risk.history.earlier-checklists', { count: w.checklists }) : null,
    w.incidents ? label('risk.history.incidents', { count: w.incidents }) : null,
  ]
    .filter(Boolean)
    .join(label('risk.history.and'));

export function historyOf(shared: Shared) {
  const h = shared.evaluation.history;
  const earlier = shared.earlier.map((e) => ({
    on: e.completed_on,
    level: e.level,
    text:
      e.score != null
        ? label('risk.history.earlier-scored', { agency: e.agency_name, score: e.score, level: levelWords(e.level) })
        : label('risk.history.earlier', { agency: e.agency_name, level: levelWords(e.level) }),
    possibleMatch: Boolean(e.possibleMatch),
  }));
  const incidents = shared.incidents.map((i) => ({
    on: i.occurred_on,
    text: label(i.police_recorded ? 'risk.history.incident-police' : 'risk.history.incident', {
      kind: incidentKindWords(i.contact_type, i.kind),
      agency: i.agency_name,
    }),
    possibleMatch: Boolean(i.possibleMatch),
  }));
  // The agency's name stands out in the sentence wherever the language puts it: the words before and after it.
  const withheld = shared.historyWithheld.map((w) => {
    const [before = '', after = ''] = label('risk.history.withheld', { agency: AGENCY, holds: holds(w) }).split(AGENCY);
    return { agencyName: w.agencyName, before, after };
  });
  const last = earlier.at(-1);
  return {
    warnings: h.warnings.map((w) => ({ text: warningText(w) })),
    previous: h.previous ? { on: h.previous.completedOn, inFull: shared.previousInFull } : null,
    scoreChange: !h.scoreChange
      ? label('risk.history.score-unchanged')
      : label(h.scoreChange > 0 ? 'risk.history.score-up' : 'risk.history.score-down', {
          change: Math.abs(h.scoreChange),
        }),
    newlyPresent: h.factorsNewlyPresent,
    earlier,
    incidents,
    withheld,
    anyPossibleMatch: earlier.some((e) => e.possibleMatch) || incidents.some((i) => i.possibleMatch),
    // The one line above the questions on a narrow screen.
    summary: label(withheld.length ? 'risk.history.summary-withheld' : 'risk.history.summary', {
      earlier: last
        ? label('risk.history.summary-earlier-last', {
            earlier: label('risk.history.earlier-checklists', { count: earlier.length }),
            date: formatDate(last.on),
            level: levelWords(last.level),
          })
        : label('risk.history.earlier-checklists', { count: earlier.length }),
      incidents: label('risk.history.incidents-in-year', { count: incidents.length }),
    }),
  };
}
