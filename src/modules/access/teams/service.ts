import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { asActor, type Actor } from '../../../db/tenancy.ts';
import * as admin from '../../admin/service.ts';
import * as repo from './repository.ts';

export const teamsPage = (db: Kysely<Database>, actor: Actor) =>
  asActor(db, actor, async (tx) => ({
    agencies: await repo.agencies(tx),
    teams: await repo.teams(tx),
    caseworkers: await repo.caseworkers(tx),
    reviewer: (await repo.reviewer(tx)) ?? null,
  }));

/** The page's reviewer section also shows a choice of reviewer waiting for a second administrator. */
export const waitingReviewer = (db: Kysely<Database>, actor: Actor) => admin.waitingReviewer(db, actor);

/**
 * Choosing the designated safeguarding reviewer is asked for here and decided by another administrator
 * (admin's privileged changes). Null: not someone who works cases in the partnership.
 */
export const askForReviewer = (db: Kysely<Database>, actor: Actor, userId: string) =>
  admin.askForReviewer(db, actor, userId);

/** False when the agency is not this partnership's or the team already exists. */
export const addTeam = (db: Kysely<Database>, actor: Actor, agencyId: string, name: string) =>
  asActor(db, actor, async (tx) => {
    if (!(await repo.agencies(tx)).some((a) => a.id === agencyId)) return false;
    return Boolean(await repo.insertTeam(tx, { partnership_id: actor.partnershipId, agency_id: agencyId, name }));
  });

export const teamPage = (db: Kysely<Database>, actor: Actor, teamId: string) =>
  asActor(db, actor, async (tx) => {
    const team = await repo.team(tx, teamId);
    if (!team) return null;
    const members = await repo.members(tx, teamId);
    const inTeam = new Set(members.map((m) => m.id));
    return { team, members, others: (await repo.usersOfAgency(tx, team.agency_id)).filter((u) => !inTeam.has(u.id)) };
  });

/** A member must work for the team's agency. */
export const addMember = (db: Kysely<Database>, actor: Actor, teamId: string, userId: string) =>
  asActor(db, actor, async (tx) => {
    const team = await repo.team(tx, teamId);
    if (!team || !(await repo.usersOfAgency(tx, team.agency_id)).some((u) => u.id === userId)) return false;
    await repo.addMember(tx, {
      team_id: teamId,
      user_id: userId,
      partnership_id: team.partnership_id,
      agency_id: team.agency_id,
    });
    return true;
  });

export const removeMember = (db: Kysely<Database>, actor: Actor, teamId: string, userId: string) =>
  asActor(db, actor, async (tx) => Number((await repo.removeMember(tx, teamId, userId)).numDeletedRows) === 1);
