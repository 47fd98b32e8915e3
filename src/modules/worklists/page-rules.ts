import { z } from 'zod';
import { rolesOnly } from '../../platform/access.ts';

// Who may use the worklist pages (test/security/route-matrix.ts lists the same decisions).
export const workers = rolesOnly('practitioner', 'agency-lead', 'marac-coordinator');
export const administrators = rolesOnly('administrator');
export const byId = z.object({ id: z.uuid() });
