import { label } from '../../../platform/language/index.ts';
import { formatDate } from '../../../platform/views/nunjucks.ts';
import type { FieldError } from '../../../platform/forms.ts';

// Domain results -> what the handover page shows.

type Form = { values?: Record<string, unknown>; errors?: Record<string, FieldError>; errorList?: unknown[] };

export const handoverPage = (
  found: {
    open: { referrals: number; worklistItems: number; total: number };
    colleagues: { id: string; display_name: string; role: string }[];
    past: { made_at: Date; note: string; referrals: number; worklist_items: number; to_name: string | null }[];
  },
  options: { deactivating: boolean; done: boolean; userId: string; self: boolean },
  form: Form = {},
) => {
  const chosen = String(form.values?.toUserId ?? '');
  return {
    summary: label(options.self ? 'handover.summary-self' : 'handover.summary', {
      referrals: label('handover.referrals', { count: found.open.referrals }),
      items: label('handover.items', { count: found.open.worklistItems }),
    }),
    title: label(options.self ? 'handover.title-self' : 'handover.title'),
    ...found.open,
    ...options,
    colleagueItems: [
      { value: '', text: label('handover.select-colleague') },
      ...found.colleagues.map((c) => ({
        value: c.id,
        text: c.role === 'agency-lead' ? label('handover.agency-lead', { name: c.display_name }) : c.display_name,
        selected: c.id === chosen,
      })),
    ],
    past: found.past.map((h) => ({
      ...h,
      when: formatDate(h.made_at),
      to: h.to_name ?? label('handover.lead-list'),
      moved: label('handover.moved', { referrals: h.referrals, items: h.worklist_items }),
    })),
    values: form.values ?? {},
    errors: form.errors ?? {},
    errorList: form.errorList ?? [],
  };
};
