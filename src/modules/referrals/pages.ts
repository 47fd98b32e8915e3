import type { AnyPage } from '../../platform/pages/page.ts';
import { accept, decline, referral } from './deciding/decide.ts';
import { newReferral, sendReferral } from './making/refer.ts';
import { queue } from './queue/queue.ts';
import { responseTimes } from './settings/response-times.ts';

/** Every referral page. A new page is added here and in test/security/route-matrix.ts. */
export const referralPages: readonly AnyPage[] = [
  queue,
  newReferral,
  sendReferral,
  referral,
  accept,
  decline,
  responseTimes,
];
