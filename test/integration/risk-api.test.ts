import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { issueApiToken, PageClient } from '../support/http-client.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  const admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
  token = await issueApiToken(admin, 'Northshire Police', 'Police records system');
});
afterAll(async () => t?.close());

const post = (body: unknown, auth: string | null = `Bearer ${token}`) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/assessments',
    payload: body as object,
    headers: auth ? { authorization: auth } : {},
  });

function validRequest(yes: number, extra: Record<string, unknown> = {}) {
  const instrument = requireChecklist(t.app.instruments, 'police-checklist@1');
  return {
    instrument: 'police-checklist@1',
    victim: { givenName: 'Morgan', familyName: 'Ashdown', dateOfBirth: '1991-04-12' },
    answers: instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < yes ? 'yes' : 'no' })),
    consentToShare: 'refused',
    childrenInHousehold: 0,
    ...extra,
  };
}
const rowCounts = async () => ({
  assessments: (await t.dbs.owner.selectFrom('assessment').select('id').execute()).length,
  people: (await t.dbs.owner.selectFrom('person').select('id').execute()).length,
});

describe('POST /api/v1/assessments', () => {
  it('refuses a request without a valid agency credential', async () => {
    expect((await post(validRequest(1), null)).statusCode).toBe(401);
    expect((await post(validRequest(1), `Bearer ${token.slice(0, -2)}xx`)).statusCode).toBe(401);
    expect((await post(validRequest(1), 'Bearer nonsense')).json()).toMatchObject({ error: 'unauthenticated' });
  });

  it('lists every problem with its path and saves nothing', async () => {
    const before = await rowCounts();
    const bad = validRequest(2, { consentToShare: 'maybe', childrenInHousehold: -1 });
    (bad.victim as Record<string, string>).dateOfBirth = '1991-02-30';
    const response = await post(bad);
    expect(response.statusCode).toBe(400);
    const paths = response.json().problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['consentToShare', 'childrenInHousehold', 'victim.dateOfBirth']));

    const unknownQuestion = validRequest(1);
    unknownQuestion.answers[0] = { questionId: 'no-such-question', answer: 'yes' };
    const unknown = await post(unknownQuestion);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().problems.map((p: { path: string }) => p.path)).toContain('answers.no-such-question');

    const missing = validRequest(1);
    missing.answers.pop();
    expect((await post(missing)).json().problems[0].message).toContain('no answer given');
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/assessments',
      payload: '{not json',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error).toBe('bad-request');
    expect(await rowCounts()).toEqual(before);
  });

  it('scores a checklist, gives the level, criteria and next steps, and refers to MARAC', async () => {
    const response = await post(
      validRequest(14, {
        referToMarac: true,
        professionalJudgement: { level: 'high', reason: 'Strangulation reported at the scene' },
      }),
    );
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ instrument: 'police-checklist@1', score: 14, level: 'high' });
    expect(body.criteriaMet.map((c: { criterion: string }) => c.criterion)).toEqual([
      'visible-high-risk',
      'professional-judgement',
      'potential-escalation',
    ]);
    expect(body.nextSteps.map((s: { id: string }) => s.id)).toContain('refer-to-marac');
    expect(body.referralId).toMatch(/^[0-9a-f-]{36}$/);
    const referral = await t.dbs.owner
      .selectFrom('marac_referral')
      .select(['assessment_id', 'referring_agency_id'])
      .where('id', '=', body.referralId)
      .executeTakeFirstOrThrow();
    expect(referral.assessment_id).toBe(body.id);
    const event = await t.dbs.owner
      .selectFrom('audit_event')
      .select(['action', 'user_id'])
      .where('subject_id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(event.action).toBe('assessment.create');
  });

  it('keeps a low score standard without professional judgement', async () => {
    const response = await post(
      validRequest(2, { victim: { givenName: 'Kit', familyName: 'Vance', dateOfBirth: '1985-01-30' } }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ score: 2, level: 'standard', criteriaMet: [], referralId: null });
  });

  it('records the perpetrator and each child with the children’s risk matrix in the same transaction', async () => {
    const response = await post(
      validRequest(6, {
        victim: { givenName: 'Lee', familyName: 'Marsh', dateOfBirth: '1993-08-14' },
        childrenInHousehold: 2,
        perpetrator: { givenName: 'Sam', familyName: 'Marsh' },
        children: [
          {
            givenName: 'Ari',
            dateOfBirth: '2018-02-01',
            riskMatrix: { ratings: { harm: 'medium', impact: 'high', 'protective-factors': 'low' } },
          },
          { givenName: 'Bo', dateOfBirth: '2021-10-10' },
        ],
      }),
    );
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.perpetratorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.children).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        overallRating: 'medium',
        reasons: expect.arrayContaining([expect.stringContaining('protection is strong')]),
      },
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), overallRating: null, reasons: [] },
    ]);
    expect(body.nextSteps.map((s: { id: string }) => s.id)).toContain('give-information');
    const members = await t.dbs.owner
      .selectFrom('household_member')
      .select(['id', 'relationship', 'given_name', 'family_name', 'date_of_birth'])
      .where('assessment_id', '=', body.id)
      .orderBy('created_at')
      .execute();
    expect(members.map((m) => [m.relationship, m.given_name, m.family_name, m.date_of_birth])).toEqual([
      ['perpetrator', 'Sam', 'Marsh', null],
      ['child', 'Ari', null, '2018-02-01'],
      ['child', 'Bo', null, '2021-10-10'],
    ]);
    const rating = await t.dbs.owner
      .selectFrom('child_risk_rating')
      .select(['household_member_id', 'overall', 'instrument_version'])
      .where('assessment_id', '=', body.id)
      .execute();
    expect(rating).toEqual([{ household_member_id: body.children[0].id, overall: 'medium', instrument_version: '1' }]);
    const stored = await t.dbs.owner
      .selectFrom('assessment')
      .select(['status', 'next_steps'])
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('completed');
    expect(stored.next_steps).toEqual(body.nextSteps);
  });

  it('refuses a household that does not add up, or a matrix missing a rating, saving nothing', async () => {
    const before = await rowCounts();
    const members = async () => (await t.dbs.owner.selectFrom('household_member').select('id').execute()).length;
    const membersBefore = await members();
    const tooMany = await post(
      validRequest(3, {
        childrenInHousehold: 1,
        children: [
          { givenName: 'Ari', dateOfBirth: '2018-02-01' },
          { givenName: 'Bo', dateOfBirth: '2021-10-10' },
        ],
      }),
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().problems).toEqual([
      { path: 'childrenInHousehold', message: 'must be at least the number of children sent (2)' },
    ]);
    const badMatrix = await post(
      validRequest(3, {
        childrenInHousehold: 1,
        perpetrator: { givenName: 'Sam', familyName: '' },
        children: [{ givenName: 'Ari', dateOfBirth: '2099-01-01', riskMatrix: { ratings: { harm: 'extreme' } } }],
      }),
    );
    expect(badMatrix.statusCode).toBe(400);
    expect(badMatrix.json().problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining([
        'perpetrator.familyName',
        'children.0.dateOfBirth',
        'children.0.riskMatrix.ratings.harm',
      ]),
    );
    const missingDimension = await post(
      validRequest(3, {
        childrenInHousehold: 1,
        children: [
          { givenName: 'Ari', dateOfBirth: '2018-02-01', riskMatrix: { ratings: { harm: 'low', unknown: 'low' } } },
        ],
      }),
    );
    expect(missingDimension.json().problems.map((p: { path: string }) => p.path)).toEqual([
      'children.0.riskMatrix.ratings.impact',
      'children.0.riskMatrix.ratings.protective-factors',
      'children.0.riskMatrix.ratings.unknown',
    ]);
    expect(await rowCounts()).toEqual(before);
    expect(await members()).toBe(membersBefore);
  });

  it('publishes an OpenAPI document describing the endpoint', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/assessments'].post.responses).toHaveProperty('201');
    expect(doc.components.schemas.AssessmentRequest.required).toEqual(
      expect.arrayContaining(['instrument', 'victim', 'answers', 'consentToShare']),
    );
    expect(doc.components.schemas.AssessmentRequest.properties).toHaveProperty('perpetrator');
    expect(
      doc.components.schemas.AssessmentRequest.properties.children.items.properties.riskMatrix.properties.ratings,
    ).toBeDefined();
    expect(doc.components.schemas.AssessmentResponse.properties).toHaveProperty('children');
    expect((await t.app.inject({ method: 'GET', url: '/api/docs' })).body).toContain('/api/v1/assessments');
  });
});
