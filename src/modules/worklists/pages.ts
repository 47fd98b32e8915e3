import type { AnyPage } from '../../platform/pages/page.ts';
import { closeItem, item, worklist } from './items/items.ts';
import { worklistSettings } from './settings/settings.ts';

/** Every worklist page. A new page is added here and in test/security/route-matrix.ts. */
export const worklistPages: readonly AnyPage[] = [worklist, item, closeItem, worklistSettings];
