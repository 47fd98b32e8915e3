import type { FormErrors } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import { leadRuleLabels } from '../labels.ts';
import type { WorklistSettings } from '../service.ts';
import { CONCERN_LEAD_RULES } from '../tables.ts';

type Loaded = { values: WorklistSettings; version: number | null; agencies: { id: string; name: string }[] };

/** The settings form: the saved values, or the answers given with their problems. */
export function settingsPage(loaded: Loaded, options: { form?: FormErrors; saved?: boolean } = {}) {
  const v = options.form?.values ?? { ...loaded.values, version: loaded.version ?? '' };
  const rule = String(v.concernLeadRule ?? '');
  return {
    title: label('worklists.settings.title'),
    values: v,
    saved: options.saved ?? false,
    ruleItems: CONCERN_LEAD_RULES.map((r) => ({ value: r, text: leadRuleLabels()[r], checked: rule === r })),
    agencyItems: [
      { value: '', text: label('worklists.settings.select-agency') },
      ...loaded.agencies.map((a) => ({ value: a.id, text: a.name, selected: v.concernLeadAgencyId === a.id })),
    ],
    errors: options.form?.errors ?? {},
    errorList: options.form?.errorList,
  };
}
