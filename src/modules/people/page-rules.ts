import { z } from 'zod';
import { rolesOnly } from '../../platform/access.ts';

// Who may use the people pages, and the ids their paths carry (test/security/route-matrix.ts lists the same decisions).

/** Everyone who works with cases sees people; administrators manage the service, not cases. */
export const caseWorkers = rolesOnly(
  'practitioner',
  'marac-coordinator',
  'marac-chair',
  'agency-lead',
  'partnership-analyst',
);
/** Link decisions change what everyone sees: practitioners, leads and the MARAC coordinator. */
export const linkDeciders = rolesOnly('practitioner', 'marac-coordinator', 'agency-lead');
export const importers = rolesOnly('practitioner', 'agency-lead');
export const administrators = rolesOnly('administrator');

export const byId = z.object({ id: z.uuid() });
