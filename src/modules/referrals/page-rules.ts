import { z } from 'zod';
import { rolesOnly } from '../../platform/access.ts';

// Practitioners and agency leads make and decide referrals (MARAC has its own referral to the coordinator).
// Only the referring and the receiving agency see a referral at all.
export const caseworkers = rolesOnly('practitioner', 'agency-lead');
export const byId = z.object({ id: z.uuid() });
