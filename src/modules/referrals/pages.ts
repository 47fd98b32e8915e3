import type { AnyPage } from '../../platform/pages/page.ts';
import { responseTimes } from './settings/response-times.ts';

/** The referral pages written as page handlers. A new page is added here and in test/security/route-matrix.ts. */
export const referralPages: readonly AnyPage[] = [responseTimes];
