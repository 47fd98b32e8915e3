import type { AnyPage } from '../../platform/pages/page.ts';
import { adminHandover, leadHandover, ownHandover } from './worker/handover.ts';

/** Every handover page. A new page is added here and in test/security/route-matrix.ts. */
export const handoverPages: readonly AnyPage[] = [ownHandover, leadHandover, adminHandover];
