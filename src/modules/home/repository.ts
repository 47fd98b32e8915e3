import type { Tx } from '../../db/tenancy.ts';

// The home page's one read: the user's agency and partnership, by name (row-level security: the user's own).

export const placeOf = (tx: Tx, agencyId: string) =>
  tx
    .selectFrom('agency')
    .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
    .select(['agency.name as agencyName', 'agency.kind as agencyKind', 'partnership.name as partnershipName'])
    .where('agency.id', '=', agencyId)
    .executeTakeFirstOrThrow();
