import { z } from 'zod';
import { anySignedIn, rolesOnly } from '../../platform/access.ts';

// Who may use the MARAC pages, and the ids their paths carry (test/security/route-matrix.ts lists the same decisions).

export const coordinator = rolesOnly('marac-coordinator');
// The quarterly return is aggregate: the partnership analyst reads it too (through functions that give no identities).
export const returnReaders = rolesOnly('marac-coordinator', 'partnership-analyst');
export const coordinatorOrChair = rolesOnly('marac-coordinator', 'marac-chair');
export const everyone = anySignedIn;

export const byId = z.object({ id: z.uuid() });
/** A case on a meeting's agenda: the meeting is `id`, the case `caseId`. */
export const meetingCase = z.object({ id: z.uuid(), caseId: z.uuid() });

export const NOT_ATTENDING = 'marac.problem.not-attending';
