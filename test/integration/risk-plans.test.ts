import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';

// Household, children's risk matrix, next-step outcomes, plans and the
// partnership's response settings, through the pages a person uses.
let t: TestApp;
let visitor: PageClient;
let police: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  visitor = new PageClient(t.app);
  await visitor.signIn('health.visitor@northshire.example');
  police = new PageClient(t.app);
  await police.signIn('police@northshire.example');
});
afterAll(async () => t?.close());

let counter = 0;
async function start(client: PageClient): Promise<string> {
  counter += 1;
  await client.get('/assessments/new');
  const response = await client.post('/assessments', {
    givenName: 'Avery',
    familyName: `Testcase${'x'.repeat(counter)}`,
    'dateOfBirth-day': '3',
    'dateOfBirth-month': '5',
    'dateOfBirth-year': '1988',
    instrument: 'multi-agency-checklist@1',
  });
  const id = /^\/assessments\/([0-9a-f-]{36})\/household$/.exec(String(response.headers.location))?.[1];
  if (!id) throw new Error(`could not start: ${response.statusCode}`);
  return id;
}

async function answerAndComplete(client: PageClient, id: string, yes: number, children = '0') {
  const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
  const page = await client.get(`/assessments/${id}/checklist`);
  const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
  const form: Record<string, string> = { version };
  instrument.questions.forEach((q, i) => (form[`answer-${q.id}`] = i < yes ? 'yes' : 'no'));
  await client.post(`/assessments/${id}/checklist`, form);
  await client.get(`/assessments/${id}/judgement`);
  return client.post(`/assessments/${id}/judgement`, {
    victimView: '',
    judgementLevel: 'none',
    judgementReason: '',
    consentToShare: 'given',
    childrenInHousehold: children,
  });
}

const addMember = async (client: PageClient, id: string, form: Record<string, string>) => {
  await client.get(`/assessments/${id}/household`);
  return client.post(`/assessments/${id}/household`, form);
};
const members = (id: string) =>
  t.dbs.owner
    .selectFrom('household_member')
    .selectAll()
    .where('assessment_id', '=', id)
    .orderBy('created_at')
    .execute();
const outcomes = (id: string) =>
  t.dbs.owner.selectFrom('step_outcome').selectAll().where('assessment_id', '=', id).orderBy('recorded_at').execute();
const plans = (id: string) =>
  t.dbs.owner.selectFrom('risk_plan').selectAll().where('assessment_id', '=', id).orderBy('version').execute();
const date = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('who is in the household', () => {
  it('records the perpetrator, children and others between start and checklist, and refuses bad input saving nothing', async () => {
    const id = await start(visitor);
    expect((await visitor.get(`/assessments/${id}/household`)).body).toContain('Who is in the household');

    const bad = await addMember(visitor, id, {
      relationship: 'child',
      givenName: 'Rowan',
      familyName: '',
      'dateOfBirth-day': '',
      'dateOfBirth-month': '',
      'dateOfBirth-year': '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('href="#dateOfBirth"');
    expect(bad.body).toContain('Enter the child’s date of birth');
    expect(bad.body).toContain('value="Rowan"');
    const noName = await addMember(visitor, id, { relationship: 'perpetrator', givenName: 'Drew', familyName: '' });
    expect(noName.statusCode).toBe(400);
    expect(noName.body).toContain('Enter the last name of the person causing harm');
    expect(await members(id)).toEqual([]);

    expect(
      (await addMember(visitor, id, { relationship: 'perpetrator', givenName: 'Drew', familyName: 'Hallam' })).headers
        .location,
    ).toBe(`/assessments/${id}/household`);
    await addMember(visitor, id, { relationship: 'child', givenName: 'Rowan', ...date('dateOfBirth', '2019-06-02') });
    await addMember(visitor, id, { relationship: 'child', givenName: 'Mistake', ...date('dateOfBirth', '2020-01-01') });
    await addMember(visitor, id, { relationship: 'other', givenName: 'Pat', description: 'Victim’s mother' });
    const stored = await members(id);
    expect(stored.map((m) => [m.relationship, m.given_name, m.family_name, m.date_of_birth, m.description])).toEqual([
      ['perpetrator', 'Drew', 'Hallam', null, null],
      ['child', 'Rowan', null, '2019-06-02', null],
      ['child', 'Mistake', null, '2020-01-01', null],
      ['other', 'Pat', null, null, 'Victim’s mother'],
    ]);

    await visitor.get(`/assessments/${id}/household`);
    const removed = await visitor.post(`/assessments/${id}/household/remove`, { memberId: stored[2]!.id });
    expect(removed.headers.location).toBe(`/assessments/${id}/household`);
    expect((await members(id)).map((m) => m.given_name)).toEqual(['Drew', 'Rowan', 'Pat']);

    // Another agency cannot add to this agency's draft; another partnership cannot see it.
    await police.get('/account'); // a page with a form: a valid CSRF token, so the refusal is the agency rule's
    const refused = await police.post(`/assessments/${id}/household`, { relationship: 'other', givenName: 'Intruder' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You cannot change this record');
    expect((await members(id)).length).toBe(3);
    const outsider = new PageClient(t.app);
    await outsider.signIn('police@southvale.example');
    expect((await outsider.get(`/assessments/${id}/household`)).statusCode).toBe(404);

    // The judgement page needs at least as many children as were recorded.
    const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
    const page = await visitor.get(`/assessments/${id}/checklist`);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    await visitor.post(`/assessments/${id}/checklist`, {
      version,
      ...Object.fromEntries(instrument.questions.map((q) => [`answer-${q.id}`, 'no'])),
    });
    const judgement = await visitor.get(`/assessments/${id}/judgement`);
    // The household page recorded the child: the judgement page shows it and does not ask again.
    expect(judgement.body).not.toContain('id="childrenInHousehold"');
    expect(judgement.body).toContain('1 child');
    const tooFew = await visitor.post(`/assessments/${id}/judgement`, {
      judgementLevel: 'none',
      consentToShare: 'given',
      childrenInHousehold: '0',
    });
    expect(tooFew.statusCode).toBe(400);
    expect(tooFew.body).toContain('You have recorded 1 child in the household');
    expect(
      (
        await visitor.post(`/assessments/${id}/judgement`, {
          judgementLevel: 'none',
          consentToShare: 'given',
          childrenInHousehold: '1',
        })
      ).headers.location,
    ).toBe(`/assessments/${id}`);

    // Once complete, the household can no longer be changed.
    const late = await addMember(visitor, id, { relationship: 'other', givenName: 'Late' });
    expect(late.headers.location).toBe(`/assessments/${id}`);
    expect((await members(id)).length).toBe(3);
    const result = await visitor.get(`/assessments/${id}`);
    expect(result.body).toContain('Drew Hallam');
    expect(result.body).toContain('Rate the risk to Rowan');
  });

  it('rates each child with the matrix, keeping earlier ratings, and shows the rating on the result page', async () => {
    const id = await start(visitor);
    await addMember(visitor, id, { relationship: 'child', givenName: 'Kai', ...date('dateOfBirth', '2017-09-09') });
    await answerAndComplete(visitor, id, 5, '1');
    const child = (await members(id))[0]!;
    const list = await visitor.get(`/assessments/${id}/children`);
    expect(list.body).toContain('Not rated yet');
    const form = await visitor.get(`/assessments/${id}/children?child=${child.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Risk to each child in the household: Kai');

    const missing = await visitor.post(`/assessments/${id}/children`, {
      child: child.id,
      'rating-harm': 'high',
      judgementRating: 'severe',
      judgementReason: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#rating-impact"');
    expect(missing.body).toContain('Give the reason for your professional judgement');
    expect(
      await t.dbs.owner.selectFrom('child_risk_rating').select('id').where('assessment_id', '=', id).execute(),
    ).toEqual([]);

    const saved = await visitor.post(`/assessments/${id}/children`, {
      child: child.id,
      'rating-harm': 'medium',
      'rating-impact': 'high',
      'rating-protective-factors': 'low',
      judgementRating: 'none',
    });
    expect(saved.headers.location).toBe(`/assessments/${id}/children?saved=1`);
    await visitor.post(`/assessments/${id}/children`, {
      child: child.id,
      'rating-harm': 'high',
      'rating-impact': 'high',
      'rating-protective-factors': 'medium',
      judgementRating: 'none',
    });
    const ratings = await t.dbs.owner
      .selectFrom('child_risk_rating')
      .select(['overall', 'instrument_id', 'instrument_version'])
      .where('household_member_id', '=', child.id)
      .orderBy('rated_at')
      .execute();
    expect(ratings).toEqual([
      { overall: 'medium', instrument_id: 'children-risk-matrix', instrument_version: '1' }, // high lowered one step by strong protection
      { overall: 'high', instrument_id: 'children-risk-matrix', instrument_version: '1' },
    ]);
    const result = await visitor.get(`/assessments/${id}`);
    expect(result.body).toMatch(/data-testid="child-rating">High</);

    expect((await visitor.get(`/assessments/${id}/children`)).body).toContain('Earlier: Medium');
    // Only the agency that wrote the checklist rates its children. Another agency with consent only (a shared
    // summary) does not read the children's ratings and their reasons: it is sent to the checklist's shared page.
    const seen = await police.get(`/assessments/${id}/children?child=${child.id}`);
    expect(seen.statusCode).toBe(303);
    expect(seen.headers.location).toBe(`/assessments/${id}`);
    const shared = await police.get(`/assessments/${id}`);
    expect(shared.body).toContain('data-testid="shared-checklist"');
    expect(shared.body).not.toContain('data-testid="child-rating"');
    await police.get('/account');
    expect(
      (
        await police.post(`/assessments/${id}/children`, {
          child: child.id,
          'rating-harm': 'low',
          'rating-impact': 'low',
          'rating-protective-factors': 'low',
        })
      ).body,
    ).toContain('You cannot change this record');
    expect(
      await t.dbs.owner.selectFrom('child_risk_rating').select('id').where('assessment_id', '=', id).execute(),
    ).toHaveLength(2);
  });
});

describe('next steps', () => {
  it('records done, declined with a reason, or not applicable; refuses a declined step without a reason, saving nothing', async () => {
    const id = await start(visitor);
    await answerAndComplete(visitor, id, 15);
    const page = await visitor.get(`/assessments/${id}/next-steps`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Refer to MARAC');
    expect(page.body).toContain('Refer to the IDVA service');

    const bad = await visitor.post(`/assessments/${id}/next-steps`, {
      'outcome-refer-to-marac': 'done',
      'outcome-refer-to-idva': 'declined',
      'reason-refer-to-idva': '  ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('href="#reason-refer-to-idva"');
    expect(bad.body).toContain('Give the reason this step was declined');
    const invalid = await visitor.post(`/assessments/${id}/next-steps`, { 'outcome-refer-to-marac': 'maybe' });
    expect(invalid.statusCode).toBe(400);
    expect(await outcomes(id)).toEqual([]);

    const saved = await visitor.post(`/assessments/${id}/next-steps`, {
      'outcome-refer-to-marac': 'done',
      'outcome-refer-to-idva': 'declined',
      'reason-refer-to-idva': 'Victim wants to wait until after the court date',
      'outcome-give-information': 'not-applicable',
    });
    expect(saved.headers.location).toBe(`/assessments/${id}?saved=next-steps#next-steps`);
    expect((await outcomes(id)).map((o) => [o.step_id, o.outcome, o.reason])).toEqual(
      expect.arrayContaining([
        ['refer-to-marac', 'done', null],
        ['refer-to-idva', 'declined', 'Victim wants to wait until after the court date'],
        ['give-information', 'not-applicable', null],
      ]),
    );
    // Saving again changes only what changed, and keeps the earlier outcome.
    await visitor.get(`/assessments/${id}/next-steps`);
    await visitor.post(`/assessments/${id}/next-steps`, {
      'outcome-refer-to-marac': 'done',
      'outcome-refer-to-idva': 'done',
      'outcome-give-information': 'not-applicable',
    });
    const all = await outcomes(id);
    expect(all).toHaveLength(4);
    expect(all.filter((o) => o.step_id === 'refer-to-idva').map((o) => o.outcome)).toEqual(['declined', 'done']);
    const result = await visitor.get(`/assessments/${id}`);
    expect(result.body).toMatch(/Refer to the IDVA service: <strong class="govuk-tag govuk-tag--green">Done</);
    expect(result.body).toMatch(
      /Agree a safety plan with the victim: <strong class="govuk-tag govuk-tag--yellow">Outstanding</,
    );
    const again = await visitor.get(`/assessments/${id}/next-steps`);
    expect(again.body).toContain('Earlier outcomes for this step');

    // Another agency sees the steps but cannot record them; an analyst's role is refused.
    const seen = await police.get(`/assessments/${id}/next-steps`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('Save the outcomes');
    await police.get('/account');
    const policeTry = await police.post(`/assessments/${id}/next-steps`, { 'outcome-agree-safety-plan': 'done' });
    expect(policeTry.statusCode).toBe(403);
    expect(policeTry.body).toContain('You cannot change this record');
    const analyst = new PageClient(t.app);
    await analyst.signIn('analyst@northshire.example');
    expect((await analyst.get(`/assessments/${id}/next-steps`)).statusCode).toBe(403);
    expect(await outcomes(id)).toHaveLength(4);
    const events = await t.dbs.owner
      .selectFrom('audit_event')
      .select(['action', 'outcome'])
      .where('subject_id', '=', id)
      .where('action', '=', 'next-steps.record')
      .execute();
    // The two forms sent back with their problems did nothing: recorded as failures, beside the two saves.
    expect(events.map((e) => e.outcome).sort()).toEqual(['denied', 'failure', 'failure', 'success', 'success']);
  });
});

describe('risk management and safety plans', () => {
  it('saves a remove / avoid / reduce / accept plan as versions, never overwriting, and refuses bad input saving nothing', async () => {
    const id = await start(visitor);
    await answerAndComplete(visitor, id, 15);
    const blank = await visitor.get(`/assessments/${id}/risk-management-plan`);
    expect(blank.statusCode).toBe(200);
    expect(blank.body).toContain('name="action-2-category"');
    const more = await visitor.post(`/assessments/${id}/risk-management-plan`, {
      rows: '3',
      action: 'add-row',
      ownerAgency: 'Kept',
    });
    expect(more.body).toContain('name="action-3-category"');
    expect(more.body).toContain('value="Kept"');

    const agreed = daysFromNow(0);
    const review = daysFromNow(28);
    const bad = await visitor.post(`/assessments/${id}/risk-management-plan`, {
      loadedVersion: '0',
      rows: '3',
      ...date('agreedOn', agreed),
      ownerAgency: 'Northshire Community Health Trust',
      ...date('reviewOn', daysFromNow(-1)),
      'action-0-category': 'accept',
      'action-0-riskAddressed': 'Contact at handovers',
      'action-0-action': 'Handovers continue at the family centre',
      'action-0-ownerAgency': 'Northshire Children’s Services',
      ...date('action-0-reviewOn', review),
      'action-1-category': 'remove',
      'action-1-riskAddressed': 'Perpetrator has a key',
      'action-1-action': '',
      'action-1-ownerAgency': 'Northshire Housing',
      ...date('action-1-reviewOn', review),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('The review date must be on or after the date the plan was agreed');
    expect(bad.body).toContain('href="#action-0-rationale"');
    expect(bad.body).toContain('Explain why this risk is being accepted');
    expect(bad.body).toContain('href="#action-1-action"');
    expect(bad.body).toContain('Perpetrator has a key');
    expect(await plans(id)).toEqual([]);

    const form = {
      loadedVersion: '0',
      rows: '3',
      ...date('agreedOn', agreed),
      ownerAgency: 'Northshire Community Health Trust',
      ...date('reviewOn', review),
      'action-0-category': 'remove',
      'action-0-riskAddressed': 'Perpetrator has a key',
      'action-0-action': 'Change the locks',
      'action-0-ownerAgency': 'Northshire Housing',
      ...date('action-0-reviewOn', review),
      'action-1-category': 'accept',
      'action-1-riskAddressed': 'Contact at handovers',
      'action-1-action': 'Handovers at the family centre',
      'action-1-ownerAgency': 'Northshire Children’s Services',
      'action-1-rationale': 'Court-ordered contact',
      ...date('action-1-reviewOn', review),
      'action-1-status': 'in-progress',
    };
    const saved = await visitor.post(`/assessments/${id}/risk-management-plan`, form);
    expect(saved.headers.location).toBe(`/assessments/${id}/risk-management-plan?saved=1`);
    const shown = await visitor.get(`/assessments/${id}/risk-management-plan?saved=1`);
    expect(shown.body).toContain('saved as version 1');
    expect(shown.body).toContain('Change the locks');

    const second = await visitor.post(`/assessments/${id}/risk-management-plan`, {
      ...form,
      loadedVersion: '1',
      'action-0-status': 'done',
    });
    expect(second.headers.location).toBe(`/assessments/${id}/risk-management-plan?saved=1`);
    // A second save from the same, now stale, version 1 is refused: nothing is overwritten.
    const stale = await visitor.post(`/assessments/${id}/risk-management-plan`, {
      ...form,
      loadedVersion: '1',
      ownerAgency: 'Someone else',
    });
    expect(stale.statusCode).toBe(409);
    const stored = await plans(id);
    expect(stored.map((p) => [p.version, p.owner_agency, p.agreed_on, p.review_on])).toEqual([
      [1, 'Northshire Community Health Trust', agreed, review],
      [2, 'Northshire Community Health Trust', agreed, review],
    ]);
    expect((stored[0]!.plan as { actions: { status: string }[] }).actions[0]!.status).toBe('planned');
    expect((stored[1]!.plan as { actions: { status: string }[] }).actions[0]!.status).toBe('done');
    const result = await visitor.get(`/assessments/${id}`);
    expect(result.body).toContain('version 2, owned by Northshire Community Health Trust');

    // Other agencies read it; they cannot change it.
    const read = await police.get(`/assessments/${id}/risk-management-plan`);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('Change the locks');
    expect(read.body).not.toContain('Save the plan');
    await police.get('/account');
    const policePlan = await police.post(`/assessments/${id}/risk-management-plan`, { ...form, loadedVersion: '2' });
    expect(policePlan.statusCode).toBe(403);
    expect(policePlan.body).toContain('You cannot change this record');
    expect(await plans(id)).toHaveLength(2);
  });

  it('saves a safety plan only when agreed with the victim', async () => {
    const id = await start(visitor);
    await answerAndComplete(visitor, id, 11);
    await visitor.get(`/assessments/${id}/safety-plan`);
    const base = {
      loadedVersion: '0',
      ...date('agreedOn', daysFromNow(0)),
      ownerAgency: 'Northshire IDVA Service',
      ...date('reviewOn', daysFromNow(14)),
      'item-code-word': 'Agreed a code word with her sister',
    };
    const bad = await visitor.post(`/assessments/${id}/safety-plan`, {
      ...base,
      'item-code-word': '',
      'reviewOn-day': '31',
      'reviewOn-month': '2',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('A safety plan must be agreed with the victim');
    expect(bad.body).toContain('Add at least one part of the plan');
    expect(bad.body).toContain('Review date must be a real date');
    expect(await plans(id)).toEqual([]);
    const saved = await visitor.post(`/assessments/${id}/safety-plan`, { ...base, agreedWithVictim: 'yes' });
    expect(saved.headers.location).toBe(`/assessments/${id}/safety-plan?saved=1`);
    const stored = await plans(id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'safety', version: 1, owner_agency: 'Northshire IDVA Service' });
    expect((await visitor.get(`/assessments/${id}/safety-plan`)).body).toContain('Agreed a code word with her sister');
  });
});

describe('the partnership’s response settings', () => {
  it('lets only administrators change the escalation threshold and minimum response, validated, and applies them to new checklists', async () => {
    expect((await visitor.get('/admin/risk-settings')).statusCode).toBe(403);
    expect((await visitor.post('/admin/risk-settings/escalation', { escalationThreshold: '5' })).statusCode).toBe(403);
    const admin = new PageClient(t.app);
    await admin.signIn('admin@northshire.example');
    const page = await admin.get('/admin/risk-settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Refer to MARAC"');

    const badThreshold = await admin.post('/admin/risk-settings/escalation', { escalationThreshold: '0' });
    expect(badThreshold.statusCode).toBe(400);
    expect(badThreshold.body).toContain('href="#escalationThreshold"');
    const threshold = () =>
      t.dbs.owner
        .selectFrom('partnership')
        .select('escalation_incident_threshold')
        .where('code', '=', 'northshire')
        .executeTakeFirst();
    expect((await threshold())?.escalation_incident_threshold).toBe(3);
    expect((await admin.post('/admin/risk-settings/escalation', { escalationThreshold: '4' })).headers.location).toBe(
      '/admin/risk-settings?saved=threshold',
    );
    expect((await threshold())?.escalation_incident_threshold).toBe(4);
    await admin.post('/admin/risk-settings/escalation', { escalationThreshold: '3' });

    const current = await admin.get('/admin/risk-settings');
    // The form as the browser would post it: every text and hidden field, and the ticked checkboxes.
    const form: Record<string, string> = {};
    for (const m of current.body.matchAll(/<input[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(m[0])?.[1];
      const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
      if (!name || name === '_csrf' || (/type="checkbox"/.test(m[0]) && !/\schecked/.test(m[0]))) continue;
      form[name] = value.replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    }
    expect(form['step-0-level-high']).toBe('yes');
    const newRow = Number(form.stepCount) - 1;
    // Removing the MARAC referral at high risk is refused; nothing is saved.
    const removeMarac = await admin.post('/admin/risk-settings/response', { ...form, 'step-0-remove': 'yes' });
    expect(removeMarac.statusCode).toBe(400);
    expect(removeMarac.body).toContain('govuk-error-summary');
    expect(removeMarac.body).toContain('The minimum response must include “Refer to MARAC” at high risk');
    const noLevels = await admin.post('/admin/risk-settings/response', {
      ...form,
      [`step-${newRow}-label`]: 'Offer a sanctuary scheme assessment',
    });
    expect(noLevels.statusCode).toBe(400);
    expect(noLevels.body).toContain('choose at least one level');
    expect(await t.dbs.owner.selectFrom('tiered_response_config').select('version').execute()).toEqual([]);

    const added = await admin.post('/admin/risk-settings/response', {
      ...form,
      [`step-${newRow}-label`]: 'Offer a sanctuary scheme assessment',
      [`step-${newRow}-level-medium`]: 'yes',
    });
    expect(added.headers.location).toBe('/admin/risk-settings?saved=response');
    const stored = await t.dbs.owner
      .selectFrom('tiered_response_config')
      .select(['config', 'version'])
      .executeTakeFirstOrThrow();
    expect(stored.config.steps.map((s) => s.id)).toContain('offer-a-sanctuary-scheme-assessment');
    expect(stored.config.steps.find((s) => s.id === 'refer-to-childrens-social-care')).toMatchObject({
      levels: ['medium', 'high'],
      onlyWhenChildrenInHousehold: true,
    });
    // A save based on the version before is refused rather than overwriting.
    const stale = await admin.post('/admin/risk-settings/response', form);
    expect(stale.statusCode).toBe(409);

    const earlier = (
      await t.dbs.owner
        .selectFrom('assessment')
        .select('id')
        .where('status', '=', 'completed')
        .where('level', '=', 'medium')
        .where('next_steps', 'is not', null)
        .orderBy('created_at')
        .executeTakeFirstOrThrow()
    ).id;
    // New checklists get the new step; a checklist completed earlier keeps its steps.
    const id = await start(visitor);
    await answerAndComplete(visitor, id, 11);
    expect((await visitor.get(`/assessments/${id}/next-steps`)).body).toContain('Offer a sanctuary scheme assessment');
    const southvale = new PageClient(t.app);
    await southvale.signIn('admin@southvale.example');
    expect((await southvale.get('/admin/risk-settings')).body).not.toContain('sanctuary');
    expect((await visitor.get(`/assessments/${earlier}/next-steps`)).body).not.toContain('sanctuary');
  });
});
