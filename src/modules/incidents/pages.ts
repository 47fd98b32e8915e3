import type { AnyPage } from '../../platform/pages/page.ts';
import { contactKinds } from './pages/contact-kinds.ts';
import { incident } from './pages/incident.ts';
import { findForIncident, recordIncident } from './pages/record.ts';

/** Every incident page. A new page is added here and in test/security/route-matrix.ts. */
export const incidentPages: readonly AnyPage[] = [findForIncident, recordIncident, incident, contactKinds];
