import { z } from 'zod';
import { anySignedIn, rolesOnly } from '../../platform/access.ts';
import { CASEWORKING_ROLES } from './restricted-rules.ts';

// Who may use the access pages, and the ids their paths carry (test/security/route-matrix.ts lists the same decisions).

export const everyone = anySignedIn;
export const leads = rolesOnly('agency-lead');
export const administrators = rolesOnly('administrator');
/** Only case-working roles record restricted details, ask for them, decide, or break glass. */
export const caseworkers = rolesOnly(...CASEWORKING_ROLES);

export const byId = z.object({ id: z.uuid() });
