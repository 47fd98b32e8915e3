import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { startSmtpCapture } from '../support/smtp.ts';
import { asActor, type Actor } from '../../src/db/tenancy.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';
import { currentTotp } from '../../src/platform/auth/totp.ts';
import { DEMO_PASSWORD } from '../../tools/synthetic/demo-accounts.ts';
import { createMaracJobs } from '../../src/modules/marac/routes.ts';
import '../../src/modules/marac/tables.ts';
import { actorByEmail } from '../support/actors.ts';

// The MARAC cycle through its pages: referral, decision, meeting, research, discussion, actions,
// reminders by e-mail, repeats, closure and a transfer to another partnership. Each step also
// checks what must NOT happen: no duplicate case, no agenda for an agency not attending, no names in e-mail.

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
const client: Record<string, PageClient> = {};
const SOUTHVALE_COORDINATOR = { email: 'coordinator@southvale.example', secret: 'JBSWY3DPEHPK3PXPSCOORDAA' };
const today = new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const parts = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};
const idFrom = (location: unknown, pattern: RegExp) => pattern.exec(String(location))?.[1] ?? '';

async function signInWith(c: PageClient, email: string, secret: string) {
  await c.get('/sign-in');
  await c.post('/sign-in', { email, password: DEMO_PASSWORD });
  await c.get('/sign-in/code');
  const done = await c.post('/sign-in/code', { code: currentTotp(secret) });
  if (done.headers.location !== '/') throw new Error(`sign-in failed for ${email}`);
}

const actorFor = (email: string): Promise<Actor> => actorByEmail(t.dbs.owner, email);
const agencyId = async (name: string) =>
  (await t.dbs.owner.selectFrom('agency').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  t = await startTestApp({ env: { SMTP_URL: smtp.url } });
  // The demo data gives Southvale a coordinator; this one stands in if it has none.
  const sv = await t.dbs.owner
    .selectFrom('partnership')
    .select('id')
    .where('code', '=', 'southvale')
    .executeTakeFirstOrThrow();
  await t.dbs.owner
    .insertInto('app_user')
    .values({
      partnership_id: sv.id,
      agency_id: await agencyId('Southvale Domestic Abuse Partnership Team'),
      email: SOUTHVALE_COORDINATOR.email,
      display_name: 'Sky Coordinator',
      role: 'marac-coordinator',
      password_hash: await hashPassword(DEMO_PASSWORD),
      totp_secret: SOUTHVALE_COORDINATOR.secret,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  for (const name of ['coordinator', 'chair', 'police', 'health.visitor', 'social.worker', 'housing', 'idva']) {
    client[name] = new PageClient(t.app);
    await client[name]!.signIn(`${name}@northshire.example`);
  }
  client.southvale = new PageClient(t.app);
  await signInWith(client.southvale, SOUTHVALE_COORDINATOR.email, SOUTHVALE_COORDINATOR.secret);
  client.southvalePolice = new PageClient(t.app);
  await client.southvalePolice.signIn('police@southvale.example');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const jordan = { givenName: 'Jordan', familyName: 'Pike', ...parts('dateOfBirth', '1988-07-02') };
const referralForm = {
  ...jordan,
  reason: 'Threats to kill made in front of staff',
  childrenInHousehold: '2',
  consentStatus: 'given',
  lawfulBasis: '',
};

async function refer(c: PageClient, form: Record<string, string>) {
  await c.get('/marac/referrals/new');
  return c.post('/marac/referrals', form);
}
const referralsFor = (familyName: string) =>
  t.dbs.owner
    .selectFrom('marac_referral')
    .innerJoin('person', 'person.id', 'marac_referral.person_id')
    .selectAll('marac_referral')
    .where('person.family_name', '=', familyName)
    .orderBy('referred_at')
    .execute();

async function accept(referralId: string, over: Record<string, string> = {}) {
  const c = client.coordinator!;
  await c.get(`/marac/referrals/${referralId}`);
  return c.post(`/marac/referrals/${referralId}/accept`, {
    riskLevel: 'high',
    childrenInHousehold: '2',
    consentStatus: 'given',
    lawfulBasis: '',
    summary: 'Escalating threats',
    victimSex: 'female',
    victimBme: 'no',
    victimLgbt: 'not-known',
    victimDisabled: 'yes',
    ...over,
  });
}

let caseId = '';
let meetingId = '';

describe('referrals', () => {
  it('explains every problem on a manual referral and saves nothing', async () => {
    const before = (await t.dbs.owner.selectFrom('marac_referral').select('id').execute()).length;
    const r = await refer(client.housing!, {
      givenName: '',
      familyName: 'Pike',
      ...parts('dateOfBirth', '1988-02-31'),
      reason: '',
      childrenInHousehold: 'x',
      consentStatus: 'refused',
      lawfulBasis: '',
    });
    expect(r.statusCode).toBe(400);
    for (const text of [
      'Enter the victim’s first name',
      'Date of birth must be a real date',
      'Give the reason for referring to MARAC',
      'Enter the number of children',
      'Without consent, record the lawful basis',
    ]) {
      expect(r.body).toContain(text);
    }
    expect(r.body).toContain('value="Pike"');
    expect((await t.dbs.owner.selectFrom('marac_referral').select('id').execute()).length).toBe(before);
  });

  it('takes a manual referral from any agency, with consent status and the lawful basis, and the referrer sees it waiting', async () => {
    const r = await refer(client.housing!, {
      ...referralForm,
      consentStatus: 'refused',
      lawfulBasis: 'Vital interests: risk of serious harm',
    });
    expect(r.headers.location).toBe('/marac/my-referrals?referred=new');
    const [row] = await referralsFor('Pike');
    expect(row).toMatchObject({
      source: 'manual',
      consent_status: 'refused',
      lawful_basis: 'Vital interests: risk of serious harm',
      children_in_household: 2,
      is_repeat: false,
      status: 'awaiting-coordinator',
    });
    const mine = await client.housing!.get('/marac/my-referrals');
    expect(mine.body).toContain('Jordan Pike');
    expect(mine.body).toContain('Awaiting the coordinator');
    const queue = await client.coordinator!.get('/marac/referrals');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Jordan Pike');
    expect(queue.body).toContain('Northshire Housing');
  });

  it('shows the queue only to the coordinator', async () => {
    expect((await client.police!.get('/marac/referrals')).statusCode).toBe(403);
    expect((await client.chair!.get('/marac/referrals')).statusCode).toBe(403);
    const [row] = await referralsFor('Pike');
    expect(
      (await client.housing!.post(`/marac/referrals/${row!.id}/decline`, { decisionReason: 'no' })).statusCode,
    ).toBe(403);
  });

  it('declines with a reason the referrer sees', async () => {
    await refer(client.police!, { ...referralForm, givenName: 'Riley', familyName: 'Quarrie' });
    const [row] = await referralsFor('Quarrie');
    await client.coordinator!.get(`/marac/referrals/${row!.id}`);
    const noReason = await client.coordinator!.post(`/marac/referrals/${row!.id}/decline`, { decisionReason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Give the reason for declining');
    const declined = await client.coordinator!.post(`/marac/referrals/${row!.id}/decline`, {
      decisionReason: 'Below threshold: refer to the IDVA service instead',
    });
    expect(declined.headers.location).toBe('/marac/referrals?decided=declined');
    const mine = await client.police!.get('/marac/my-referrals');
    expect(mine.body).toContain('Declined');
    expect(mine.body).toContain('Below threshold: refer to the IDVA service instead');
    const twice = await client.coordinator!.post(`/marac/referrals/${row!.id}/accept`, {
      riskLevel: 'high',
      childrenInHousehold: '0',
      consentStatus: 'given',
      victimSex: 'female',
      victimBme: 'no',
      victimLgbt: 'no',
      victimDisabled: 'no',
    });
    expect(twice.statusCode).toBe(409);
  });

  it('a referral written straight to the database cannot arrive already decided', async () => {
    const police = await actorFor('police@northshire.example');
    const quarrie = await t.dbs.owner
      .selectFrom('person')
      .select('id')
      .where('family_name', '=', 'Quarrie')
      .executeTakeFirstOrThrow();
    const row = await asActor(t.dbs.app, police, (tx) =>
      tx
        .insertInto('marac_referral')
        .values({
          partnership_id: police.partnershipId,
          referring_agency_id: police.agencyId,
          person_id: quarrie.id,
          criteria_met: '[]',
          reason: 'Forged',
          referred_by: police.userId,
          status: 'accepted',
          decision_reason: 'Self-approved',
        } as never)
        .returning(['status', 'decision_reason', 'case_id'])
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ status: 'awaiting-coordinator', decision_reason: null, case_id: null });
    await expect(
      asActor(t.dbs.app, police, (tx) =>
        tx.updateTable('marac_referral').set({ status: 'declined' }).where('person_id', '=', quarrie.id).execute(),
      ),
    ).resolves.toEqual([expect.objectContaining({ numUpdatedRows: 0n })]);
  });

  it('accepts into a case; a second referral for the same victim is a repeat of that case, not a duplicate', async () => {
    const [first] = await referralsFor('Pike');
    const bad = await accept(first!.id, { consentStatus: 'refused', lawfulBasis: '', riskLevel: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select the risk level');
    expect(bad.body).toContain('Without consent, record the lawful basis');
    expect(
      (await accept(first!.id, { consentStatus: 'refused', lawfulBasis: 'Vital interests' })).headers.location,
    ).toBe('/marac/referrals?decided=accepted');
    const cases = await t.dbs.owner.selectFrom('marac_case').selectAll().execute();
    expect(cases).toHaveLength(1);
    caseId = cases[0]!.id;
    expect(cases[0]).toMatchObject({
      status: 'open',
      listing_needed: true,
      risk_level: 'high',
      consent_status: 'refused',
      lawful_basis: 'Vital interests',
      victim_disabled: true,
      victim_lgbt: null,
    });
    expect((await client.housing!.get('/marac/my-referrals')).body).toContain('Accepted');

    const again = await refer(client['health.visitor']!, { ...referralForm, givenName: 'jordan', familyName: 'PIKE' });
    expect(again.headers.location).toBe('/marac/my-referrals?referred=repeat');
    const [, second] = await referralsFor('Pike');
    expect(second).toMatchObject({ is_repeat: true, case_id: caseId });
    expect((await client.coordinator!.get('/marac/referrals')).body).toContain('Repeat');
    await accept(second!.id);
    expect(await t.dbs.owner.selectFrom('marac_case').select('id').execute()).toHaveLength(1);
    expect(
      (
        await t.dbs.owner
          .selectFrom('marac_case')
          .select('is_repeat')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).is_repeat,
    ).toBe(true);
    expect(
      await t.dbs.owner.selectFrom('person').select('id').where('family_name', 'ilike', 'pike').execute(),
    ).toHaveLength(1);
  });
});

describe('a referral from the risk checklist', () => {
  it('arrives in the queue with the criteria met, and the consent and children recorded on the checklist', async () => {
    // As the risk service writes it (its pages are tested in risk.test.ts): a completed checklist, then the referral, as the health visitor.
    const hv = await actorFor('health.visitor@northshire.example');
    const morgan = await t.dbs.owner
      .selectFrom('person')
      .select('id')
      .where('family_name', '=', 'Ashdown')
      .executeTakeFirstOrThrow();
    const criteria = JSON.stringify([
      { criterion: 'visible-high-risk', evidence: 'Checklist score 16 (threshold 14)' },
    ]);
    await asActor(t.dbs.app, hv, async (tx) => {
      const a = await tx
        .insertInto('assessment')
        .values({
          partnership_id: hv.partnershipId,
          agency_id: hv.agencyId,
          person_id: morgan.id,
          instrument_id: 'multi-agency-checklist',
          instrument_version: '1',
          created_by: hv.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('assessment')
        .set({
          status: 'completed',
          score: 16,
          level_by_score: 'high',
          level: 'high',
          completed_on: today,
          consent_to_share: 'given',
          children_in_household: 3,
          criteria_met: criteria,
        })
        .where('id', '=', a.id)
        .execute();
      await tx
        .insertInto('marac_referral')
        .values({
          partnership_id: hv.partnershipId,
          referring_agency_id: hv.agencyId,
          person_id: morgan.id,
          assessment_id: a.id,
          criteria_met: criteria,
          reason: null,
          referred_by: hv.userId,
        })
        .execute();
    });
    const [referral] = await referralsFor('Ashdown');
    expect(referral).toMatchObject({
      source: 'checklist',
      consent_status: 'given',
      children_in_household: 3,
      is_repeat: false,
    });
    const decide = await client.coordinator!.get(`/marac/referrals/${referral!.id}`);
    expect(decide.body).toContain('Visible high risk');
    expect(decide.body).toMatch(/name="riskLevel" type="radio" value="high" checked/);
  });
});

describe('meetings', () => {
  it('schedules a meeting with a chair, capacity and attending agencies, and lists waiting cases in priority order up to capacity', async () => {
    const c = client.coordinator!;
    expect((await client.police!.get('/marac/meetings/new')).statusCode).toBe(403);
    await c.get('/marac/meetings/new');
    const bad = await c.post('/marac/meetings', { ...parts('heldOn', '2026-13-01'), chairUserId: '', capacity: '0' });
    expect(bad.statusCode).toBe(400);
    for (const text of [
      'The meeting date must be a real date',
      'Select the chair',
      'A meeting takes at least 1 case',
      'Select the agencies attending',
    ])
      expect(bad.body).toContain(text);

    // Two more waiting cases: one medium risk, one high risk referred later.
    for (const [given, level] of [
      ['Avery', 'medium'],
      ['Blake', 'high'],
    ] as const) {
      await refer(client.police!, { ...referralForm, givenName: given, familyName: 'Tennant' });
      const rows = (await referralsFor('Tennant')).filter((r) => r.status === 'awaiting-coordinator');
      await accept(rows[0]!.id, { riskLevel: level });
    }
    const chair = (await actorFor('chair@northshire.example')).userId;
    const attending = await Promise.all(
      [
        'Northshire Police',
        'Northshire Community Health Trust',
        "Northshire Children's Services",
        'Northshire IDVA Service',
      ].map(agencyId),
    );
    await c.get('/marac/meetings/new');
    const body = new URLSearchParams({ _csrf: c.csrf, ...parts('heldOn', today), chairUserId: chair, capacity: '2' });
    for (const a of attending) body.append('agencyIds', a);
    const made = await t.app.inject({
      method: 'POST',
      url: '/marac/meetings',
      payload: body.toString(),
      headers: {
        cookie: (c as unknown as { headers(): Record<string, string> }).headers().cookie!,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    meetingId = idFrom(made.headers.location, /\/marac\/meetings\/([0-9a-f-]{36})$/);
    expect(meetingId).not.toBe('');
    await c.get(`/marac/meetings/${meetingId}`);
    expect((await c.post(`/marac/meetings/${meetingId}/assign`, {})).headers.location).toBe(
      `/marac/meetings/${meetingId}?assigned=2`,
    );
    const listed = await t.dbs.owner
      .selectFrom('marac_meeting_case')
      .innerJoin('marac_case', 'marac_case.id', 'marac_meeting_case.case_id')
      .innerJoin('person', 'person.id', 'marac_case.person_id')
      .select(['person.given_name', 'marac_meeting_case.position', 'marac_meeting_case.is_repeat'])
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .execute();
    // High risk repeat first, then the other high risk; the medium one waits for the next meeting.
    expect(listed.map((l) => l.given_name)).toEqual(['Jordan', 'Blake']);
    expect(listed[0]!.is_repeat).toBe(true);
    const agenda = await client.police!.get(`/marac/meetings/${meetingId}`);
    expect(agenda.statusCode).toBe(200);
    expect(agenda.body).toContain('Jordan Pike');
    expect(agenda.body).toMatch(/Repeat<\/strong>/);
    expect(agenda.body).toContain('2 of 2 places taken');
  });

  it('an agency not attending cannot open the agenda or minutes: refused by the page and hidden by row-level security', async () => {
    for (const url of [
      `/marac/meetings/${meetingId}`,
      `/marac/meetings/${meetingId}/minutes`,
      `/marac/meetings/${meetingId}/cases/${caseId}/research`,
    ]) {
      const page = await client.housing!.get(url);
      expect(page.statusCode).toBe(403);
      expect(page.body).not.toContain('Jordan Pike');
    }
    expect((await client.housing!.get('/marac/meetings')).body).toContain('Your agency is not attending');
    const denied = await t.dbs.owner
      .selectFrom('audit_event')
      .select('outcome')
      .where('action', '=', 'marac-meeting.agenda')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThan(0);

    // Directly in the database, as the app role: the housing practitioner's queries see nothing of the meeting.
    const housing = await actorFor('housing@northshire.example');
    const police = await actorFor('police@northshire.example');
    const seen = (actor: Actor) =>
      asActor(t.dbs.app, actor, async (tx) => ({
        cases: (
          await tx.selectFrom('marac_meeting_case').select('case_id').where('meeting_id', '=', meetingId).execute()
        ).length,
        research: (await tx.selectFrom('marac_research').select('id').where('meeting_id', '=', meetingId).execute())
          .length,
        caseRow: (await tx.selectFrom('marac_case').select('id').where('id', '=', caseId).execute()).length,
      }));
    expect(await seen(housing)).toEqual({ cases: 0, research: 0, caseRow: 0 });
    expect((await seen(police)).cases).toBe(2);
    expect((await seen(police)).caseRow).toBe(1);
    // Nor can it write research for the meeting.
    await expect(
      asActor(t.dbs.app, housing, (tx) =>
        tx
          .insertInto('marac_research')
          .values({
            partnership_id: housing.partnershipId,
            meeting_id: meetingId,
            case_id: caseId,
            agency_id: housing.agencyId,
            no_trace: true,
            recorded_by: housing.userId,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    // Nor can another partnership see anything.
    const southvale = await actorFor(SOUTHVALE_COORDINATOR.email);
    expect((await seen(southvale)).cases).toBe(0);
    expect((await client.southvale!.get(`/marac/meetings/${meetingId}`)).statusCode).toBe(404);
  });

  it('records each attending agency’s research (or no trace) and shows the coordinator completeness', async () => {
    const url = `/marac/meetings/${meetingId}/cases/${caseId}/research`;
    await client.police!.get(url);
    const empty = await client.police!.post(url, { victim: '', perpetrator: '', children: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Record what your agency knows, or select “No trace”');
    expect(
      (
        await client.police!.post(url, {
          victim: 'Three call-outs this year',
          perpetrator: 'Bail conditions breached twice',
          children: '',
        })
      ).headers.location,
    ).toBe(`/marac/meetings/${meetingId}?researched=1`);
    await client['health.visitor']!.get(url);
    expect(
      (await client['health.visitor']!.post(url, { noTrace: 'yes', victim: '', perpetrator: '', children: '' }))
        .statusCode,
    ).toBe(303);
    await client.idva!.get(url);
    expect(
      (
        await client.idva!.post(url, {
          victim: 'Wants to stay in the home with a sanctuary scheme',
          perpetrator: '',
          children: '',
        })
      ).statusCode,
    ).toBe(303);
    // Correcting research replaces it rather than adding a second entry.
    await client.police!.get(url);
    await client.police!.post(url, {
      victim: 'Four call-outs this year',
      perpetrator: 'Bail conditions breached twice',
      children: '',
    });
    expect(
      await t.dbs.owner.selectFrom('marac_research').select('id').where('meeting_id', '=', meetingId).execute(),
    ).toHaveLength(3);

    const page = await client.coordinator!.get(`/marac/meetings/${meetingId}/completeness`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Northshire Police: 1 of 2 cases');
    expect(page.body).toContain('Northshire Children&#39;s Services: 0 of 2 cases');
    expect((await client.police!.get(`/marac/meetings/${meetingId}/completeness`)).statusCode).toBe(403);

    // Reminders to the agencies still owing research: e-mail naming no one, to the agency lead where there is one.
    expect(
      (await client.coordinator!.post(`/marac/meetings/${meetingId}/research-reminders`, {})).headers.location,
    ).toBe(`/marac/meetings/${meetingId}/completeness?reminded=4`);
    for (let i = 0; i < 50 && smtp.messages.length < 4; i++) await new Promise((r) => setTimeout(r, 100));
    expect(
      smtp.messages
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual([
      'health.visitor@northshire.example',
      'idva@northshire.example',
      'lead.police@northshire.example',
      'social.worker@northshire.example',
    ]);
    const toCsc = smtp.messages.find((m) => m.to.includes('social.worker@northshire.example'))!;
    expect(toCsc.raw).toContain('research to record for 2 cases');
    for (const m of smtp.messages)
      for (const name of ['Jordan', 'Pike', 'Blake', 'Tennant']) expect(m.raw).not.toContain(name);
    smtp.messages.length = 0;
  });

  it('gives the chair a view of the case with research and the victim’s wishes, and records information shared, decisions and actions', async () => {
    const url = `/marac/meetings/${meetingId}/cases/${caseId}`;
    expect((await client.police!.get(url)).statusCode).toBe(403);
    const view = await client.chair!.get(url);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Four call-outs this year');
    expect(view.body).toContain('No trace.');
    expect(view.body).toMatch(/data-testid="victim-wishes">Wants to stay in the home/);
    expect(view.body).toContain('No research recorded');
    const saved = await client.chair!.post(`${url}/discussion`, {
      informationShared: 'Police shared the bail breaches',
      decisions: 'Sanctuary scheme to be fitted',
    });
    expect(saved.headers.location).toBe(`${url}?saved=1`);
    await client.chair!.get(url);
    const bad = await client.chair!.post(`${url}/actions`, {
      ownerAgencyId: '',
      description: '',
      ...parts('dueOn', '2020-01-01'),
    });
    expect(bad.statusCode).toBe(400);
    for (const text of [
      'Select the agency that owns the action',
      'Describe the action',
      'The due date must be today or later',
    ])
      expect(bad.body).toContain(text);
    const police = await agencyId('Northshire Police');
    const health = await agencyId('Northshire Community Health Trust');
    expect(
      (
        await client.chair!.post(`${url}/actions`, {
          ownerAgencyId: police,
          description: 'Flag the address for urgent response',
          ...parts('dueOn', inDays(7)),
        })
      ).statusCode,
    ).toBe(303);
    await client.coordinator!.get(url);
    expect(
      (
        await client.coordinator!.post(`${url}/actions`, {
          ownerAgencyId: health,
          description: 'Health visitor to review the children at home',
          ...parts('dueOn', inDays(3)),
        })
      ).statusCode,
    ).toBe(303);
    const again = await client.chair!.get(url);
    expect(again.body).toContain('Flag the address for urgent response');
    expect(again.body).toContain('Police shared the bail breaches');
  });

  it('shows the chair every record confirmed as the victim’s in the chronology, not suggested ones, and audits the read against each', async () => {
    const theCase = await t.dbs.owner
      .selectFrom('marac_case')
      .innerJoin('person', 'person.id', 'marac_case.person_id')
      .select(['person.id', 'person.partnership_id', 'person.given_name', 'person.family_name', 'person.date_of_birth'])
      .where('marac_case.id', '=', caseId)
      .executeTakeFirstOrThrow();
    const health = await agencyId('Northshire Community Health Trust');
    const chairUser = (await actorFor('chair@northshire.example')).userId;
    // Another agency's records of her: one a practitioner confirmed, one only suggested by the matcher.
    const record = async (kind: string) => {
      const { id } = await t.dbs.owner
        .insertInto('person')
        .values({
          partnership_id: theCase.partnership_id,
          agency_id: health,
          given_name: theCase.given_name,
          family_name: theCase.family_name,
          date_of_birth: theCase.date_of_birth,
          created_by: chairUser,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.dbs.owner
        .insertInto('incident')
        .values({
          partnership_id: theCase.partnership_id,
          agency_id: health,
          person_id: id,
          occurred_on: '2026-02-03',
          kind,
          severity: 'medium',
          police_recorded: false,
        })
        .execute();
      return id;
    };
    const confirmed = await record('Seen at A&E with bruising');
    const suggested = await record('Missed health visit');
    const link = (other: string, status: 'confirmed' | 'suggested') => {
      const [a, b] = theCase.id < other ? [theCase.id, other] : [other, theCase.id];
      return t.dbs.owner
        .insertInto('person_link')
        .values({
          partnership_id: theCase.partnership_id,
          person_a: a,
          person_b: b,
          probability: 0.995,
          weight: 9,
          status,
        })
        .execute();
    };
    await link(confirmed, 'confirmed');
    await link(suggested, 'suggested');
    const view = await client.chair!.get(`/marac/meetings/${meetingId}/cases/${caseId}`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Seen at A&amp;E with bruising');
    expect(view.body).toContain('Northshire Community Health Trust');
    expect(view.body).not.toContain('Missed health visit');
    const about = (
      await sql<{ person_id: string }>`
        SELECT ap.person_id FROM audit_event e JOIN audit_event_person ap ON ap.event_id = e.id
        WHERE e.request_id = ${String(view.headers['x-request-id'])}`.execute(t.dbs.owner)
    ).rows;
    expect(about.map((r) => r.person_id)).toEqual(expect.arrayContaining([theCase.id, confirmed]));
    expect(about.map((r) => r.person_id)).not.toContain(suggested);
  });

  it('each agency sees and completes its own open actions, with a note', async () => {
    const page = await client.police!.get('/marac/actions');
    expect(page.body).toContain('Flag the address for urgent response');
    expect(page.body).not.toContain('Health visitor to review');
    const action = await t.dbs.owner
      .selectFrom('marac_action')
      .select('id')
      .where('description', 'like', 'Flag%')
      .executeTakeFirstOrThrow();
    const other = await t.dbs.owner
      .selectFrom('marac_action')
      .select('id')
      .where('description', 'like', 'Health%')
      .executeTakeFirstOrThrow();
    const noNote = await client.police!.post(`/marac/actions/${action.id}/complete`, { note: '' });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.body).toContain('Say what was done');
    expect((await client.police!.post(`/marac/actions/${other.id}/complete`, { note: 'Not ours' })).statusCode).toBe(
      404,
    ); // another agency's action is not found, as in every other partnership-or-agency refusal
    expect(
      (
        await client.police!.post(`/marac/actions/${action.id}/complete`, {
          note: 'Address flagged on the command system',
        })
      ).headers.location,
    ).toBe('/marac/actions?completed=1');
    const stored = await t.dbs.owner
      .selectFrom('marac_action')
      .selectAll()
      .where('id', '=', action.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'completed', completion_note: 'Address flagged on the command system' });
    expect((await client.police!.get('/marac/actions')).body).toContain('no open MARAC actions');
  });

  it('reminds the owning agency of an overdue action by e-mail naming no person, once, and escalates to the coordinator', async () => {
    await t.dbs.owner
      .updateTable('marac_action')
      .set({ due_on: inDays(-2) })
      .where('description', 'like', 'Health%')
      .execute();
    const jobs = createMaracJobs(t.config, t.dbs.owner);
    await jobs.scheduleDaily(today);
    await jobs.scheduleDaily(today); // a second instance's tick: still one job
    expect(await jobs.runner.runDue()).toBe(1);
    expect(smtp.messages).toHaveLength(2);
    const toAgency = smtp.messages.find((m) => m.to.includes('health.visitor@northshire.example'))!;
    expect(toAgency.raw).toContain('MARAC actions past their due date');
    expect(toAgency.raw).toContain('/marac/actions');
    const toCoordinator = smtp.messages.find((m) => m.to.includes('coordinator@northshire.example'))!;
    expect(toCoordinator.raw).toContain('escalation');
    for (const m of smtp.messages)
      for (const name of ['Jordan', 'Pike', 'Blake', 'Tennant', 'Health visitor to review'])
        expect(m.raw).not.toContain(name);
    expect(await jobs.runner.runDue()).toBe(0);
    // Tomorrow's run does not repeat a reminder sent within the week.
    await jobs.scheduleDaily(inDays(1));
    await jobs.runner.runDue();
    expect(smtp.messages).toHaveLength(2);
    jobs.mailer.close();
    expect((await client['health.visitor']!.get('/marac/actions')).body).toContain('Overdue');
  });

  it('marks the meeting held, which records the MARAC date, and prints minutes for attendees only', async () => {
    await client.coordinator!.get(`/marac/meetings/${meetingId}`);
    expect((await client.coordinator!.post(`/marac/meetings/${meetingId}/held`, {})).headers.location).toBe(
      `/marac/meetings/${meetingId}/minutes`,
    );
    const person = (
      await t.dbs.owner.selectFrom('marac_case').select('person_id').where('id', '=', caseId).executeTakeFirstOrThrow()
    ).person_id;
    expect(
      (
        await t.dbs.owner
          .selectFrom('last_marac')
          .select('discussed_on')
          .where('person_id', '=', person)
          .executeTakeFirstOrThrow()
      ).discussed_on,
    ).toBe(today);
    const minutes = await client['social.worker']!.get(`/marac/meetings/${meetingId}/minutes`);
    expect(minutes.statusCode).toBe(200);
    expect(minutes.body).toContain('Police shared the bail breaches');
    expect(minutes.body).toContain('Flag the address for urgent response');
    expect((await client.housing!.get(`/marac/meetings/${meetingId}/minutes`)).statusCode).toBe(403);
    expect((await client.coordinator!.post(`/marac/meetings/${meetingId}/held`, {})).statusCode).toBe(409);
  });
});

describe('repeats, closure and transfer', () => {
  it('flags a new incident or referral within 12 months of the last MARAC and tells the coordinator', async () => {
    const person = await t.dbs.owner
      .selectFrom('marac_case')
      .select(['person_id', 'partnership_id'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const police = await agencyId('Northshire Police');
    await t.dbs.owner
      .insertInto('incident')
      .values({
        partnership_id: person.partnership_id,
        agency_id: police,
        person_id: person.person_id,
        occurred_on: today,
        kind: 'Police call-out: assault',
        severity: 'high',
        police_recorded: true,
      })
      .execute();
    await refer(client.idva!, { ...referralForm });
    const flags = await t.dbs.owner
      .selectFrom('marac_repeat_flag')
      .select(['source'])
      .where('person_id', '=', person.person_id)
      .orderBy('source')
      .execute();
    expect(flags.map((f) => f.source)).toEqual(['incident', 'referral']);
    const page = await client.coordinator!.get('/marac/repeats');
    expect(page.body).toContain('New incident');
    expect(page.body).toContain('New referral');
    expect((await client.police!.get('/marac/repeats')).statusCode).toBe(403);
    // An incident for someone never discussed flags nothing.
    const other = await t.dbs.owner
      .selectFrom('person')
      .select('id')
      .where('family_name', '=', 'Quarrie')
      .executeTakeFirstOrThrow();
    await t.dbs.owner
      .insertInto('incident')
      .values({
        partnership_id: person.partnership_id,
        agency_id: police,
        person_id: other.id,
        occurred_on: today,
        kind: 'Police call-out',
        severity: 'low',
        police_recorded: true,
      })
      .execute();
    expect(
      await t.dbs.owner.selectFrom('marac_repeat_flag').select('id').where('person_id', '=', other.id).execute(),
    ).toHaveLength(0);
    const flag = await t.dbs.owner
      .selectFrom('marac_repeat_flag')
      .select('id')
      .where('source', '=', 'incident')
      .executeTakeFirstOrThrow();
    await client.coordinator!.get('/marac/repeats');
    expect((await client.coordinator!.post(`/marac/repeats/${flag.id}/seen`, {})).statusCode).toBe(303);
    expect(
      (
        await t.dbs.owner
          .selectFrom('marac_repeat_flag')
          .select('seen_at')
          .where('id', '=', flag.id)
          .executeTakeFirstOrThrow()
      ).seen_at,
    ).not.toBeNull();
  });

  it('follows confirmed links between agencies’ records: an incident on the hospital’s linked record is a repeat, and its referral joins her case', async () => {
    const victim = await t.dbs.owner
      .selectFrom('marac_case')
      .select(['person_id', 'partnership_id'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    const hospital = await agencyId('Northshire General Hospital');
    const nobody = '00000000-0000-0000-0000-000000000000';
    const record = (givenName: string) =>
      t.dbs.owner
        .insertInto('person')
        .values({
          partnership_id: victim.partnership_id,
          agency_id: hospital,
          given_name: givenName,
          family_name: 'Pike',
          date_of_birth: '1988-07-02',
          created_by: nobody,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const link = (other: string, status: 'confirmed' | 'suggested' | 'rejected') => {
      const [a, b] = [victim.person_id, other].sort() as [string, string];
      return t.dbs.owner
        .insertInto('person_link')
        .values({
          partnership_id: victim.partnership_id,
          person_a: a,
          person_b: b,
          probability: 0.97,
          weight: 9,
          status,
        })
        .execute();
    };
    const linked = await record('Jordanne');
    const rejected = await record('Jordyn');
    const suggested = await record('Jordana');
    await link(linked.id, 'confirmed');
    await link(rejected.id, 'rejected');
    await link(suggested.id, 'suggested');
    for (const person of [linked, rejected, suggested]) {
      await t.dbs.owner
        .insertInto('incident')
        .values({
          partnership_id: victim.partnership_id,
          agency_id: hospital,
          person_id: person.id,
          occurred_on: today,
          kind: 'A&E attendance: facial injury',
          severity: 'high',
          police_recorded: false,
        })
        .execute();
    }
    expect(
      await t.dbs.owner.selectFrom('marac_repeat_flag').select('source').where('person_id', '=', linked.id).execute(),
    ).toEqual([{ source: 'incident' }]);
    expect(
      await t.dbs.owner.selectFrom('marac_repeat_flag').select('source').where('person_id', '=', rejected.id).execute(),
    ).toEqual([]); // a rejected link joins nothing
    // An unconfirmed suggestion is a possible match, not the same person: it joins nothing either.
    expect(
      await t.dbs.owner
        .selectFrom('marac_repeat_flag')
        .select('source')
        .where('person_id', '=', suggested.id)
        .execute(),
    ).toEqual([]);

    const refer = (person: string) =>
      t.dbs.owner
        .insertInto('marac_referral')
        .values({
          partnership_id: victim.partnership_id,
          referring_agency_id: hospital,
          person_id: person,
          criteria_met: '[]',
          reason: 'A&E disclosure',
          referred_by: nobody,
        } as never)
        .returning(['is_repeat', 'case_id'])
        .executeTakeFirstOrThrow();
    expect(await refer(linked.id)).toEqual({ is_repeat: true, case_id: caseId });
    expect(await refer(rejected.id)).toEqual({ is_repeat: false, case_id: null });
  });

  it('closes a case with an outcome, keeping its history', async () => {
    const blake = await t.dbs.owner
      .selectFrom('marac_case')
      .innerJoin('person', 'person.id', 'marac_case.person_id')
      .select('marac_case.id')
      .where('person.given_name', '=', 'Blake')
      .executeTakeFirstOrThrow();
    expect((await client.coordinator!.get('/marac/cases')).body).toContain('Blake Tennant');
    await client.coordinator!.get(`/marac/cases/${blake.id}`);
    expect((await client.coordinator!.post(`/marac/cases/${blake.id}/close`, { outcome: '' })).statusCode).toBe(400);
    expect(
      (
        await client.coordinator!.post(`/marac/cases/${blake.id}/close`, {
          outcome: 'Risk reduced: perpetrator remanded',
        })
      ).statusCode,
    ).toBe(303);
    const page = await client.coordinator!.get(`/marac/cases/${blake.id}`);
    expect(page.body).toContain('Risk reduced: perpetrator remanded');
    expect(page.body).toContain('Closed');
    expect(
      await t.dbs.owner.selectFrom('marac_meeting_case').select('case_id').where('case_id', '=', blake.id).execute(),
    ).toHaveLength(1);
  });

  it('transfers a case to another partnership’s MARAC through the transfer package only; the receiving coordinator accepts it', async () => {
    const c = client.coordinator!;
    const page = await c.get(`/marac/cases/${caseId}`);
    expect(page.body).toContain('Southvale');
    const southvaleId = (
      await t.dbs.owner.selectFrom('partnership').select('id').where('code', '=', 'southvale').executeTakeFirstOrThrow()
    ).id;
    expect((await c.post(`/marac/cases/${caseId}/transfer`, { toPartnershipId: '' })).statusCode).toBe(400);
    expect((await c.post(`/marac/cases/${caseId}/transfer`, { toPartnershipId: southvaleId })).headers.location).toBe(
      '/marac/transfers?sent=1',
    );
    expect((await c.get('/marac/transfers')).body).toContain('To Southvale');

    const sv = client.southvale!;
    const inbox = await sv.get('/marac/transfers');
    expect(inbox.body).toContain('From Northshire');
    const transfer = await t.dbs.owner.selectFrom('marac_transfer_in').selectAll().executeTakeFirstOrThrow();
    expect(Object.keys(transfer.package).sort()).toEqual([
      'childrenInHousehold',
      'consentStatus',
      'isRepeat',
      'lastDiscussedOn',
      'lawfulBasis',
      'openActions',
      'riskLevel',
      'summary',
      'victim',
    ]);
    expect(transfer.package.openActions.map((a) => a.description)).toEqual([
      'Health visitor to review the children at home',
    ]);
    const view = await sv.get(`/marac/transfers/${transfer.id}`);
    expect(view.body).toContain('Jordan Pike');
    expect(view.body).toContain('Consent given'); // as confirmed when the repeat referral was accepted
    // Northshire cannot see the received copy, and Southvale still cannot see Northshire's case.
    expect((await c.get(`/marac/transfers/${transfer.id}`)).statusCode).toBe(404);
    expect((await sv.get(`/marac/cases/${caseId}`)).statusCode).toBe(404);
    expect((await client.southvalePolice!.get('/marac/transfers')).statusCode).toBe(403);
    const accepted = await sv.post(`/marac/transfers/${transfer.id}/accept`, {});
    const newCase = idFrom(accepted.headers.location, /\/marac\/cases\/([0-9a-f-]{36})$/);
    const received = await sv.get(`/marac/cases/${newCase}`);
    expect(received.body).toContain('Transferred from Northshire');
    expect((await sv.post(`/marac/transfers/${transfer.id}/accept`, {})).statusCode).toBe(409);
    expect((await c.get('/marac/transfers')).body).toContain('accepted');
    expect(
      (await t.dbs.owner.selectFrom('marac_case').select('status').where('id', '=', caseId).executeTakeFirstOrThrow())
        .status,
    ).toBe('transferred');
    // A coordinator cannot send a package to itself or for another partnership's case through the function.
    const sva = await actorFor(SOUTHVALE_COORDINATOR.email);
    await expect(
      asActor(t.dbs.app, sva, (tx) =>
        tx
          .selectNoFrom((eb) =>
            eb.fn('marac_send_transfer', [eb.val(caseId), eb.val(southvaleId), eb.val('{}')]).as('x'),
          )
          .execute(),
      ),
    ).rejects.toThrow();
  });

  it('shows the hub, the forms and the quarterly return pages', async () => {
    expect((await client.police!.get('/marac')).body).toContain('Refer a victim to MARAC');
    expect((await client.coordinator!.get('/marac')).body).toContain('Referral queue');
    expect((await client.police!.get('/marac/meetings')).statusCode).toBe(200);
    const r = await client.coordinator!.get('/marac/return');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Enter the population below');
    const bad = await client.coordinator!.post('/marac/population', { adultWomen: 'many', bmePercent: '12.55' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a percentage like 12.5, with at most one decimal place');
    expect(bad.body).toContain('value="12.55"'); // the answer is kept beside its error
    expect(
      (await client.coordinator!.post('/marac/population', { adultWomen: '20000', bmePercent: '' })).headers.location,
    ).toBe('/marac/return');
    const csv = await client.coordinator!.get(
      `/marac/return.csv?year=${today.slice(0, 4)}&quarter=${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`,
    );
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('cases discussed,2,,,\r\n');
    expect(csv.body).toContain('repeat cases,1,50,28% to 40%,above\r\n');
    expect(csv.body).toContain('"cases per 10,000 adult women",1,,10 a quarter (40 a year),below\r\n');
    expect(csv.body).toContain(
      'black and minority ethnic victims,0,0,in line with the area (enter its share below),\r\n',
    );
    const xlsx = await client.coordinator!.get('/marac/return.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment; filename="marac-return-\d{4}-q[1-4]\.xlsx"$/);
    expect((await client.police!.get('/marac/return')).statusCode).toBe(403);
    expect((await client.police!.get('/marac/return.csv')).statusCode).toBe(403);
    expect((await client.police!.get('/marac/return.xlsx')).statusCode).toBe(403);
  });
});
