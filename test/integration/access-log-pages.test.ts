import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { actorByEmail } from '../support/actors.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import { maracFixtures } from '../security/marac-fixtures.ts';
import '../../src/modules/marac/tables.ts';
import '../../src/modules/risk/tables.ts';

// Every page that shows something about a person is in that person's access log, whatever the page is
// about (a MARAC case, a referral, an agenda, a search): the audit event of the read names the person.

let t: TestApp;
let m: Awaited<ReturnType<typeof maracFixtures>>;
let listed: string;
let waiting: string;
let lead: Actor;
const client = async (email: string) => {
  const c = new PageClient(t.app);
  await c.actAs((await actorByEmail(t.dbs.owner, email)).userId);
  return c;
};
const logOf = async (personId: string) =>
  (
    await asActor(t.dbs.app, lead, (tx) =>
      sql<{
        action: string;
        user_id: string;
      }>`SELECT action, user_id FROM person_access_log(${personId}::uuid)`.execute(tx),
    )
  ).rows;

beforeAll(async () => {
  t = await startTestApp();
  const coordinator = await actorByEmail(t.dbs.owner, 'coordinator@northshire.example');
  const chair = await actorByEmail(t.dbs.owner, 'chair@northshire.example');
  const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
  const health = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
  lead = await actorByEmail(t.dbs.owner, 'lead.police@northshire.example');
  // The fixtures transfer a case from Southvale's coordinator (a demo account).
  const southCoordinator = await actorByEmail(t.dbs.owner, 'coordinator@southvale.example');
  m = await maracFixtures(t, {
    coordinator,
    chair,
    attending: [coordinator.agencyId, police.agencyId, health.agencyId],
    actionOwner: health.agencyId,
    sender: southCoordinator,
    receiverPartnershipId: coordinator.partnershipId,
    tag: 'Walk',
  });
  listed = (
    await t.dbs.owner
      .selectFrom('marac_case')
      .select('person_id')
      .where('id', '=', m.maracCase)
      .executeTakeFirstOrThrow()
  ).person_id;
  waiting = (
    await t.dbs.owner
      .selectFrom('marac_referral')
      .select('person_id')
      .where('id', '=', m.maracReferral)
      .executeTakeFirstOrThrow()
  ).person_id;
}, 300_000);
afterAll(async () => t?.close());

describe('the access log of a person', () => {
  it('lists every read of every page that showed something about them', async () => {
    const coordinator = await client('coordinator@northshire.example');
    const chair = await client('chair@northshire.example');
    const police = await client('police@northshire.example');
    const pages: { who: PageClient; url: string; form?: Record<string, string>; action: string; person: string }[] = [
      { who: coordinator, url: '/marac/referrals', action: 'marac-referral.list', person: waiting },
      { who: coordinator, url: `/marac/referrals/${m.maracReferral}`, action: 'marac-referral.view', person: waiting },
      { who: coordinator, url: `/marac/meetings/${m.maracMeeting}`, action: 'marac-meeting.agenda', person: listed },
      {
        who: coordinator,
        url: `/marac/meetings/${m.maracMeeting}/minutes`,
        action: 'marac-meeting.minutes',
        person: listed,
      },
      {
        who: chair,
        url: `/marac/meetings/${m.maracMeeting}/cases/${m.maracCase}`,
        action: 'marac-case.chair-view',
        person: listed,
      },
      {
        who: police,
        url: `/marac/meetings/${m.maracMeeting}/cases/${m.maracCase}/research`,
        action: 'marac-research.view',
        person: listed,
      },
      { who: coordinator, url: '/marac/cases', action: 'marac-case.list', person: listed },
      { who: coordinator, url: `/marac/cases/${m.maracCase}`, action: 'marac-case.view', person: listed },
      { who: coordinator, url: '/marac/repeats', action: 'marac-repeat.list', person: listed },
      {
        who: police,
        url: '/people/search',
        form: { name: 'Fixture ListedWalk' },
        action: 'person.search',
        person: listed,
      },
    ];
    for (const page of pages) {
      const before = (await logOf(page.person)).filter((e) => e.action === page.action).length;
      if (page.form) await page.who.get(page.url);
      const response = page.form ? await page.who.post(page.url, page.form) : await page.who.get(page.url);
      expect(response.statusCode, page.url).toBe(200);
      expect(
        (await logOf(page.person)).filter((e) => e.action === page.action).length,
        `${page.url} is in the access log`,
      ).toBe(before + 1);
    }
  }, 300_000);

  it('lists an export of checklists against every person exported', async () => {
    const exported = (
      await t.dbs.owner
        .selectFrom('assessment')
        .select('person_id')
        .where('status', '=', 'completed')
        .where('partnership_id', '=', lead.partnershipId)
        .executeTakeFirstOrThrow()
    ).person_id;
    const housing = await client('housing@northshire.example');
    const before = (await logOf(exported)).filter((e) => e.action === 'export.checklists').length;
    expect((await housing.get('/exports/checklists.csv')).statusCode).toBe(200);
    expect((await logOf(exported)).filter((e) => e.action === 'export.checklists').length).toBe(before + 1);
  });

  it('names only the people the page showed: one case’s research is not a read of the others on the agenda', async () => {
    const police = await client('police@northshire.example');
    await police.get(`/marac/meetings/${m.maracMeeting}/cases/${m.maracCase}/research`);
    expect((await logOf(waiting)).some((e) => e.action === 'marac-research.view')).toBe(false);
  });
});
