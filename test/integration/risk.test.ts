import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';

let t: TestApp;
let visitor: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  visitor = new PageClient(t.app);
  await visitor.signIn('health.visitor@northshire.example');
});
afterAll(async () => t?.close());

const morgan = {
  givenName: 'Morgan',
  familyName: 'ashdown',
  'dateOfBirth-day': '12',
  'dateOfBirth-month': '4',
  'dateOfBirth-year': '1991',
};

async function start(client: PageClient, instrument = 'multi-agency-checklist@1', victim = morgan): Promise<string> {
  await client.get('/assessments/new');
  const response = await client.post('/assessments', { ...victim, instrument });
  const id = /^\/assessments\/([0-9a-f-]{36})\/household$/.exec(String(response.headers.location))?.[1];
  if (!id) throw new Error(`could not start: ${response.statusCode}`);
  return id;
}

async function answerAll(client: PageClient, id: string, instrumentKey: string, yesCount: number) {
  const instrument = requireChecklist(t.app.instruments, instrumentKey);
  const page = await client.get(`/assessments/${id}/checklist`);
  const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
  const form: Record<string, string> = { version };
  instrument.questions.forEach((q, i) => (form[`answer-${q.id}`] = i < yesCount ? 'yes' : 'no'));
  return client.post(`/assessments/${id}/checklist`, form);
}

const complete = (client: PageClient, id: string, judgement: Record<string, string> = {}) =>
  client.get(`/assessments/${id}/judgement`).then(() =>
    client.post(`/assessments/${id}/judgement`, {
      victimView: 'Frightened it will get worse',
      judgementLevel: 'none',
      judgementReason: '',
      consentToShare: 'given',
      childrenInHousehold: '2',
      ...judgement,
    }),
  );

describe('risk checklist pages', () => {
  it('explains every problem on the start page and saves nothing', async () => {
    const before = (await t.dbs.owner.selectFrom('assessment').select('id').execute()).length;
    await visitor.get('/assessments/new');
    const response = await visitor.post('/assessments', {
      givenName: '',
      familyName: 'Ashdown',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1991',
      instrument: '',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the victim’s first name');
    expect(response.body).toContain('Date of birth must be a real date');
    expect(response.body).toContain('Select the checklist you are using');
    expect(response.body).toContain('value="Ashdown"');
    expect((await t.dbs.owner.selectFrom('assessment').select('id').execute()).length).toBe(before);
  });

  it('refuses an unanswered checklist question by question, keeping the answers given', async () => {
    const id = await start(visitor);
    const page = await visitor.get(`/assessments/${id}/checklist`);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const response = await visitor.post(`/assessments/${id}/checklist`, {
      version,
      'answer-current-injury': 'yes',
      'comment-current-injury': 'Bruised arm',
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#answer-very-frightened"');
    expect(response.body).toContain('Select an answer to question 2');
    expect(response.body).toContain('Bruised arm');
    const stored = await t.dbs.owner
      .selectFrom('assessment')
      .select('answers')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.answers).toEqual([]);
  });

  it('scores a high-risk checklist, shows the history beside it, and refers to MARAC with the criteria met', async () => {
    const id = await start(visitor);
    // The checklist goes on health's own record of her; the matcher links it to the police record, and a
    // practitioner's confirmation makes them one person (a suggestion alone counts for nothing).
    const people = await t.dbs.owner
      .selectFrom('person')
      .select(['id', 'agency_id'])
      .where('given_name', 'ilike', 'morgan')
      .where('family_name', 'ilike', 'ashdown')
      .execute();
    expect(people).toHaveLength(2);
    const own = (
      await t.dbs.owner.selectFrom('assessment').select('person_id').where('id', '=', id).executeTakeFirstOrThrow()
    ).person_id;
    const police = people.find((p) => p.id !== own)!.id;
    const confirmed = await t.dbs.owner
      .updateTable('person_link')
      .set({ status: 'confirmed' })
      .where((eb) =>
        eb.or([
          eb.and([eb('person_a', '=', own), eb('person_b', '=', police)]),
          eb.and([eb('person_a', '=', police), eb('person_b', '=', own)]),
        ]),
      )
      .executeTakeFirst();
    expect(Number(confirmed.numUpdatedRows)).toBe(1);
    expect((await answerAll(visitor, id, 'multi-agency-checklist@1', 15)).headers.location).toBe(
      `/assessments/${id}/judgement`,
    );
    expect((await complete(visitor, id)).headers.location).toBe(`/assessments/${id}`);
    const result = await visitor.get(`/assessments/${id}`);
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatch(/data-testid="risk-level">High</);
    expect(result.body).toContain('Visible high risk');
    expect(result.body).toContain('Potential escalation');
    // The police's earlier checklist and call-out: with the victim's consent, a shared summary (level, not score or answers).
    expect(result.body).toMatch(/Northshire Police, medium/);
    expect(result.body).not.toContain('Northshire Police, score 10');
    expect(result.body).toContain('Police call-out: assault');
    expect(result.body).toContain('data-testid="previous-withheld"');
    expect(result.body).not.toContain('score up 5');
    // Once the police record that health may see their record in full, the comparison with their checklist shows.
    const lead = new PageClient(t.app);
    await lead.signIn('lead.police@northshire.example');
    const personId = police; // the police decide about their own record
    const health = (
      await t.dbs.owner
        .selectFrom('agency')
        .select('id')
        .where('name', '=', 'Northshire Community Health Trust')
        .executeTakeFirstOrThrow()
    ).id;
    await lead.get(`/sharing-decisions/${personId}`);
    expect(
      (
        await lead.post(`/sharing-decisions/${personId}`, {
          agencyId: health,
          level: 'full',
          basis: 'risk-of-serious-harm',
          note: 'The health visitor needs the full police history',
        })
      ).statusCode,
    ).toBe(303);
    const shared = await visitor.get(`/assessments/${id}`);
    expect(shared.body).toContain('Northshire Police, score 10, medium');
    expect(shared.body).toContain('score up 5');
    expect(result.body).toContain('Refer to children&#39;s social care');
    const stored = await t.dbs.owner
      .selectFrom('assessment')
      .select(['score', 'level', 'criteria_met', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ score: 15, level: 'high', status: 'completed' });
    expect(stored.criteria_met!.map((c) => c.criterion)).toEqual(['visible-high-risk', 'potential-escalation']);

    const referred = await visitor.post(`/assessments/${id}/referral`, { reason: '' });
    expect(referred.headers.location).toBe(`/assessments/${id}?referred=1`);
    const referral = await t.dbs.owner
      .selectFrom('marac_referral')
      .selectAll()
      .where('assessment_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(referral.criteria_met.map((c) => c.criterion)).toEqual(['visible-high-risk', 'potential-escalation']);
    expect(referral.status).toBe('awaiting-coordinator');
    const again = await visitor.post(`/assessments/${id}/referral`, { reason: '' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already been referred');
    // A completed checklist can no longer be changed, even by posting to it.
    await visitor.get(`/assessments/${id}`);
    const change = await visitor.post(`/assessments/${id}/checklist`, { version: '3' });
    expect(change.headers.location).toBe(`/assessments/${id}`);
  });

  it('professional judgement raises a low score to high and needs a reason', async () => {
    const id = await start(visitor, 'multi-agency-checklist@1', {
      ...morgan,
      givenName: 'Robin',
      familyName: 'Fenwick',
    });
    await answerAll(visitor, id, 'multi-agency-checklist@1', 3);
    const noReason = await complete(visitor, id, { judgementLevel: 'high', judgementReason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Give the reason for your professional judgement');
    await complete(visitor, id, { judgementLevel: 'high', judgementReason: 'Threats made at the school gate today' });
    const result = await visitor.get(`/assessments/${id}`);
    expect(result.body).toMatch(/data-testid="risk-level">High</);
    expect(result.body).toContain('Raised from standard to high by professional judgement');
    expect(result.body).toContain('Professional judgement</strong>');
    expect(result.body).not.toContain('Visible high risk');
  });

  it('uses an alternative wording loaded from a file, scoring it the same way', async () => {
    const id = await start(visitor, 'multi-agency-checklist@1-alt', {
      ...morgan,
      givenName: 'Sasha',
      familyName: 'Ormerod',
    });
    const page = await visitor.get(`/assessments/${id}/checklist?section=1`);
    const alt = requireChecklist(t.app.instruments, 'multi-agency-checklist@1-alt');
    expect(page.body).toContain(alt.questions[0]!.text.replace(/'/g, '&#39;'));
    await answerAll(visitor, id, 'multi-agency-checklist@1-alt', 14);
    await complete(visitor, id);
    const stored = await t.dbs.owner
      .selectFrom('assessment')
      .select(['score', 'level', 'instrument_version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ score: 14, level: 'high', instrument_version: '1-alt' });
  });

  it('audits each view once, and another partnership cannot open the checklist', async () => {
    const id = await start(visitor, 'multi-agency-checklist@1', { ...morgan, givenName: 'Jesse', familyName: 'Quill' });
    await answerAll(visitor, id, 'multi-agency-checklist@1', 2);
    await complete(visitor, id);
    const views = () =>
      t.dbs.owner
        .selectFrom('audit_event')
        .select(['outcome', 'partnership_id'])
        .where('subject_id', '=', id)
        .where('action', '=', 'assessment.view')
        .execute();
    const before = (await views()).length;
    await visitor.get(`/assessments/${id}`);
    expect((await views()).length).toBe(before + 1);

    const outsider = new PageClient(t.app);
    await outsider.signIn('police@southvale.example');
    expect((await outsider.get(`/assessments/${id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/assessments/${id}/checklist`)).statusCode).toBe(404);
    const refused = (await views()).filter((v) => v.outcome === 'failure');
    expect(refused).toHaveLength(2);
  });
});
