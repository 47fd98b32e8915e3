import type { Actor } from '../../../db/tenancy.ts';
import type { FormErrors } from '../../../platform/pages/page.ts';
import type * as service from '../service.ts';

// The quarterly MARAC data return -> its page, with the area's population form for the coordinator.

type Return = Awaited<ReturnType<typeof service.computeReturn>>;

export const quarterlyReturn = (data: Return, actor: Actor, form: Partial<FormErrors> = {}) => ({
  title: 'Quarterly MARAC data return',
  section: 'marac',
  r: data,
  mayEditPopulation: actor.role === 'marac-coordinator',
  values: { adultWomen: data.adultWomen ?? '', bmePercent: data.bmePopulationPercent ?? '' },
  ...form,
});

export const exportName = (quarter: { year: number; quarter: number }) =>
  `marac-return-${quarter.year}-q${quarter.quarter}`;
