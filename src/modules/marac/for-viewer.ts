import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../db/tenancy.ts';
import type { Viewer } from '../access/service.ts';
import * as service from './service.ts';

type Db = Kysely<Database>;
type Read = (db: Db, actor: Actor, ...rest: never[]) => Promise<unknown>;
type ForViewer<R extends Record<string, Read>> = {
  [K in keyof R]: R[K] extends (db: Db, actor: Actor, ...rest: infer A) => Promise<infer T>
    ? (...rest: A) => Promise<T>
    : never;
};

// What the MARAC pages read. Row-level security decides who reads each (a meeting's agenda and research only
// its agencies, chair and coordinator); MARAC material is written for the meeting and is not cut by level.
const reads = {
  referralQueue: service.referralQueue,
  referralsFromMyAgency: service.referralsFromMyAgency,
  getReferral: service.getReferral,
  meetingView: service.meetingView,
  chairView: service.chairView,
  myOpenActions: service.myOpenActions,
  repeatFlags: service.repeatFlags,
  casesOverview: service.casesOverview,
  caseView: service.caseView,
  transfers: service.transfers,
  getTransferIn: service.getTransferIn,
} satisfies Record<string, Read>;

/**
 * The MARAC service obtained for a viewer: each read notes every person it gave
 * the viewer something about (the people of the referrals, agenda, cases and
 * chronology it returns), so the request's audit event is in their access log.
 */
export function maracFor(db: Db, viewer: Viewer): ForViewer<typeof reads> {
  return Object.fromEntries(
    Object.entries(reads).map(([name, read]) => [
      name,
      async (...rest: never[]) => {
        const result = await (read as Read)(db, viewer.actor, ...rest);
        viewer.sawWithin(result);
        return result;
      },
    ]),
  ) as ForViewer<typeof reads>;
}
