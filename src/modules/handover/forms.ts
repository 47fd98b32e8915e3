import { z } from 'zod';

export const byId = z.object({ id: z.uuid() });

export const handoverForm = z.object({
  toUserId: z.uuid({ error: 'Select the colleague who takes over the work' }),
  note: z
    .string()
    .min(1, 'Write a note for the colleague: what they need to know to pick the work up')
    .max(2000, 'The note must be 2000 characters or fewer'),
});
