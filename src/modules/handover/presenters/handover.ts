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
    title: options.self ? 'Hand over your work' : 'Hand over work',
    ...found.open,
    ...options,
    colleagueItems: [
      { value: '', text: 'Select a colleague' },
      ...found.colleagues.map((c) => ({
        value: c.id,
        text: c.role === 'agency-lead' ? `${c.display_name} (agency lead)` : c.display_name,
        selected: c.id === chosen,
      })),
    ],
    past: found.past.map((h) => ({
      ...h,
      when: h.made_at.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }),
      to: h.to_name ?? 'The agency lead’s list',
    })),
    values: form.values ?? {},
    errors: form.errors ?? {},
    errorList: form.errorList ?? [],
  };
};
