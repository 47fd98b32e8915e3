import { label } from '../../../platform/language/index.ts';
import { definePage } from '../../../platform/pages/page.ts';
import { redirect, view } from '../../../platform/pages/results.ts';
import { settingsForm } from '../forms.ts';
import { administrators } from '../page-rules.ts';
import * as present from '../presenters/settings.ts';
import * as service from '../service.ts';

// The partnership's worklist times and the rule choosing the lead agency for cumulative concern,
// changed by its administrator. They apply to items raised from then on.

const PROBLEMS = {
  'changed-meanwhile': ['version', 'worklists.form.changed-meanwhile'],
  'unknown-agency': ['concernLeadAgencyId', 'worklists.form.unknown-agency'],
} as const;

export const worklistSettings = definePage({
  path: '/admin/worklist-settings',
  access: administrators,
  audit: {
    action: 'worklist-settings.view',
    subjectType: 'partnership',
    subjectId: (_p, actor) => actor.partnershipId,
  },
  get: async ({ db, actor, query }) =>
    view(
      'worklists/views/settings.njk',
      present.settingsPage(await service.settings(db, actor), { saved: query.saved === '1' }),
    ),
  post: {
    audit: {
      action: 'worklist-settings.change',
      subjectType: 'partnership',
      subjectId: (_p, actor) => actor.partnershipId,
    },
    schema: settingsForm,
    invalid: async ({ db, actor }, form) =>
      view('worklists/views/settings.njk', present.settingsPage(await service.settings(db, actor), { form })),
    handle: async ({ db, actor }, v, fields) => {
      const outcome = await service.saveSettings(
        db,
        actor,
        {
          policeChecklistHours: v.policeChecklistHours,
          otherChecklistHours: v.otherChecklistHours,
          criterionReferralHours: v.criterionReferralHours,
          concernChecklistDays: v.concernChecklistDays,
          concernDecisionDays: v.concernDecisionDays,
          concernLeadRule: v.concernLeadRule,
          concernLeadAgencyId: v.concernLeadAgencyId || null,
        },
        typeof v.version === 'number' ? v.version : null,
      );
      if (outcome === 'saved') return redirect('/admin/worklist-settings?saved=1');
      const [field, key] = PROBLEMS[outcome];
      const text = label(key);
      const loaded = await service.settings(db, actor);
      const form = { values: fields, errors: { [field]: { text } }, errorList: [{ text, href: `#${field}` }] };
      return view('worklists/views/settings.njk', present.settingsPage(loaded, { form }), { status: 409 });
    },
  },
});
