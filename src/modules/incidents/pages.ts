import type { AnyPage } from '../../platform/pages/page.ts';
import { contactKinds } from './pages/contact-kinds.ts';
import { incident } from './pages/incident.ts';

/** Every incident page. A new page is added here and in test/security/route-matrix.ts. */
export const incidentPages: readonly AnyPage[] = [incident, contactKinds];
