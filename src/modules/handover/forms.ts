import { z } from 'zod';

export const byId = z.object({ id: z.uuid() });

export const handoverForm = z.object({
  toUserId: z.uuid({ error: 'handover.form.select-colleague' }),
  note: z.string().min(1, 'handover.form.enter-note').max(2000, 'handover.form.note-too-long'),
});
