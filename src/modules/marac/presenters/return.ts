import type { Actor } from '../../../db/tenancy.ts';
import type { FormErrors } from '../../../platform/pages/page.ts';
import type * as service from '../service.ts';
import { label } from '../../../platform/language/index.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';

// The quarterly MARAC data return -> its page, with the area's population form for the coordinator.

type Return = Awaited<ReturnType<typeof service.computeReturn>>;

// Each measure's words on the page; the measure itself stays the return's own name (its spreadsheet column).
const MEASURES: Record<string, string> = {
  'cases discussed': 'cases',
  'cases per 10,000 adult women': 'per-10k',
  'repeat cases': 'repeats',
  'children in the households': 'children',
  'male victims': 'male',
  'black and minority ethnic victims': 'bme',
  'LGBT victims': 'lgbt',
  'disabled victims': 'disabled',
  'victims aged 16-17': 'aged-16-17',
  'referrals received': 'referrals',
  'referrals from the police': 'police',
  'referrals from partner agencies': 'partners',
};
const measureLabel = (measure: string) => {
  const key = MEASURES[measure];
  if (key) return label(`marac.return.measure.${key}`);
  const agency = /^referrals from (.+)$/.exec(measure)?.[1];
  return agency ? label('marac.return.measure.from-agency', { agency }) : measure;
};

// The recommended level is written in the return's own English (its spreadsheet column); the page words it again.
const number = '(\\d+(?:\\.\\d+)?)';
const RECOMMENDED: [RegExp, string][] = [
  [new RegExp(`^${number}% to ${number}%$`), 'range'],
  [new RegExp(`^at least the area's ${number}%$`), 'at-least-area'],
  [new RegExp(`^at least ${number}%$`), 'at-least'],
  [new RegExp(`^${number} a quarter \\(${number} a year\\)$`), 'per-quarter'],
  [/^in line with the area \(enter its share below\)$/, 'in-line-with-area'],
];
const recommendedLabel = (recommended: string | null) => {
  if (recommended === null) return '';
  for (const [pattern, key] of RECOMMENDED) {
    const found = pattern.exec(recommended);
    if (found) return label(`marac.return.recommended.${key}`, { a: found[1] ?? '', b: found[2] ?? '' });
  }
  return recommended;
};

export const quarterlyReturn = (data: Return, actor: Actor, form: Partial<FormErrors> = {}) => ({
  title: label('marac.return.title'),
  section: 'marac',
  r: {
    ...data,
    rows: data.rows.map((row) => ({
      ...row,
      label: measureLabel(row.measure),
      recommended: recommendedLabel(row.recommended),
    })),
  },
  levelsSource: label('marac.return.levels-source', {
    date: data.levelsCheckedOn ? formatDate(data.levelsCheckedOn) : '',
  }),
  mayEditPopulation: actor.role === 'marac-coordinator',
  values: { adultWomen: data.adultWomen ?? '', bmePercent: data.bmePopulationPercent ?? '' },
  ...form,
});

export const exportName = (quarter: { year: number; quarter: number }) =>
  `marac-return-${quarter.year}-q${quarter.quarter}`;
