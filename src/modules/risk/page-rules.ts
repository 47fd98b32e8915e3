import { z } from 'zod';
import { anySignedIn, rolesOnly } from '../../platform/access.ts';

// Who may use the risk pages, and the ids their paths carry (test/security/route-matrix.ts lists the same decisions).

/** Any trained practitioner in any agency records the same checklist. */
export const practitioners = anySignedIn;
/** People who work with victims see households, outcomes and plans; administrators and analysts do not. */
export const caseworkers = rolesOnly('practitioner', 'agency-lead', 'marac-coordinator', 'marac-chair');
/** Only practitioners record them (and only of the agency that completed the checklist). */
export const recorders = rolesOnly('practitioner');
export const administrators = rolesOnly('administrator');

export const byId = z.object({ id: z.uuid() });
export const memberId = z.uuid();
