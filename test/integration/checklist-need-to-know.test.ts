import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import * as risk from '../../src/modules/risk/service.ts';
import { actorByEmail } from '../support/actors.ts';
import '../../src/modules/access/tables.ts';

// Another agency opening a risk checklist sees what its sharing level gives: that it exists (signpost),
// its level and criteria (shared summary), or the whole checklist with the victim's own account (full).

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('another agency’s risk checklist', () => {
  it('shows only what the viewer’s level allows, and never opens someone else’s draft', async () => {
    const visitor = await actorByEmail(t.dbs.owner, 'health.visitor@northshire.example');
    const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
    const recorded = await risk.recordAssessment(t.dbs.app, visitor, instrument, {
      victim: { givenName: 'Tamsin', familyName: 'Okafor-Wren', dateOfBirth: '1994-04-04' },
      answers: instrument.questions.map((q, i) => ({
        questionId: q.id,
        answer: i < 15 ? ('yes' as const) : ('no' as const),
        comment: i === 0 ? 'Bruising to the left arm' : undefined,
      })),
      judgement: {
        victimView: 'He said he would find me wherever I go',
        judgementLevel: null,
        judgementReason: null,
        consentToShare: 'refused',
        childrenInHousehold: 0,
      },
      referToMarac: false,
      referralReason: null,
    });
    const housing = new PageClient(t.app);
    await housing.signIn('housing@northshire.example');
    const page = async () => (await housing.get(`/assessments/${recorded.id}`)).body;

    // Consent refused, no decision: signpost.
    const signpost = await page();
    expect(signpost).toContain('Risk checklist by Northshire Community Health Trust');
    for (const secret of ['He said he would find me', 'Bruising to the left arm', 'Okafor-Wren', 'Risk level'])
      expect(signpost).not.toContain(secret);
    expect((await housing.get(`/assessments/${recorded.id}/safety-plan`)).headers.location).toBe(
      `/assessments/${recorded.id}`,
    );
    expect((await housing.get(`/assessments/${recorded.id}/risk-management-plan`)).headers.location).toBe(
      `/assessments/${recorded.id}`,
    );

    const housingId = (await actorByEmail(t.dbs.owner, 'housing@northshire.example')).agencyId;
    // The health trust shares a summary with housing (as its lead would at /sharing-decisions): level and criteria, not the account.
    const decide = (level: 'shared-summary' | 'full') =>
      t.dbs.owner
        .insertInto('sharing_decision')
        .values({
          partnership_id: visitor.partnershipId,
          person_id: recorded.personId,
          agency_id: housingId,
          level,
          basis: 'risk-of-serious-harm',
          note: 'Housing is arranging a move: risk of serious harm',
          recorded_by: visitor.userId,
          recorded_by_agency_id: visitor.agencyId,
        } as never)
        .execute();
    await decide('shared-summary');
    const summary = await page();
    expect(summary).toContain('Risk level');
    expect(summary).toContain('MARAC referral criteria met');
    expect(summary).not.toContain('He said he would find me');
    expect(summary).not.toContain('Bruising to the left arm');
    // What hangs off the checklist is read at a shared summary, without the victim's name (identity is shown only in full).
    for (const path of ['risk-management-plan', 'next-steps']) {
      const hanging = await housing.get(`/assessments/${recorded.id}/${path}`);
      expect(hanging.statusCode).toBe(200);
      for (const secret of ['Tamsin', 'Okafor-Wren', '1994']) expect(hanging.body).not.toContain(secret);
      expect(hanging.body).toContain('Risk checklist by Northshire Community Health Trust');
    }
    expect((await housing.get(`/assessments/${recorded.id}/safety-plan`)).statusCode).toBe(303);

    await decide('full');
    const full = await page();
    expect(full).not.toContain('data-testid="shared-checklist"');
    expect(full).toContain('Okafor-Wren');

    // Someone else's draft: a page saying it is not finished, not a loop of redirects.
    const draft = await risk.startAssessment(t.dbs.app, visitor, instrument, {
      givenName: 'Ula',
      familyName: 'Drafting',
      dateOfBirth: '1990-09-09',
    });
    const opened = await housing.get(`/assessments/${draft}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('data-testid="not-finished"');
    expect(opened.body).not.toContain('Drafting');
  });
});
