import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';
import { sectionsOf } from '../../src/modules/risk/checklist-sections.ts';

// The checklist answered section by section, each saved as it is left, with the history beside the questions.
let t: TestApp;
let visitor: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  visitor = new PageClient(t.app);
  await visitor.signIn('health.visitor@northshire.example');
});
afterAll(async () => t?.close());

const version = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!;
const stored = async (id: string) =>
  await t.dbs.owner
    .selectFrom('assessment')
    .select(['answers', 'children_in_household'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

async function start(): Promise<string> {
  await visitor.get('/assessments/new');
  const response = await visitor.post('/assessments', {
    givenName: 'Morgan',
    familyName: 'Ashdown',
    'dateOfBirth-day': '12',
    'dateOfBirth-month': '4',
    'dateOfBirth-year': '1991',
    instrument: 'multi-agency-checklist@1',
  });
  return /\/assessments\/([0-9a-f-]{36})\/household/.exec(String(response.headers.location))![1]!;
}

describe('the risk checklist, section by section', () => {
  it('shows progress, saves each section as it is answered, and shows the history beside the questions', async () => {
    const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
    const sections = sectionsOf(instrument);
    expect(sections.map((s) => s.title)).toEqual([
      'About you',
      'About what has been happening',
      'About the person harming you',
    ]);
    const id = await start();

    const list = await visitor.get(`/assessments/${id}/checklist`);
    expect(list.body).toContain('You have answered 0 of 3 sections');
    expect(list.body).toContain('Not started');

    const first = await visitor.get(`/assessments/${id}/checklist?section=1`);
    expect(first.statusCode).toBe(200);
    // The police's call-outs and earlier checklist, beside the questions, before anything is answered.
    expect(first.body).toContain('data-testid="history"');
    expect(first.body).toContain('Police call-out: assault');
    expect(first.body).toContain('data-testid="history-summary"');
    expect(first.body).not.toContain(sections[1]!.questions[0]!.question.text.replace(/'/g, '&#39;'));

    // A section half answered is refused, question by question, and nothing is saved.
    const half = await visitor.post(`/assessments/${id}/checklist`, {
      version: version(first.body),
      section: '1',
      'answer-current-injury': 'yes',
      'comment-current-injury': 'Bruised arm',
    });
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('Select an answer to question 2');
    expect(half.body).not.toContain('question 7');
    expect(half.body).toContain('Bruised arm');
    expect((await stored(id)).answers).toEqual([]);

    // Saving for later keeps what is answered.
    const later = await visitor.post(`/assessments/${id}/checklist`, {
      version: version(first.body),
      section: '1',
      action: 'save-for-later',
      'answer-current-injury': 'yes',
    });
    expect(later.headers.location).toBe('/');
    expect((await stored(id)).answers).toEqual([{ questionId: 'current-injury', answer: 'yes' }]);
    expect((await visitor.get(`/assessments/${id}/checklist`)).body).toContain('In progress');

    for (const section of sections) {
      const page = await visitor.get(`/assessments/${id}/checklist?section=${section.number}`);
      const form: Record<string, string> = { version: version(page.body), section: String(section.number) };
      for (const { question } of section.questions) form[`answer-${question.id}`] = 'yes';
      const saved = await visitor.post(`/assessments/${id}/checklist`, form);
      const next = sections[section.number];
      expect(saved.headers.location).toBe(
        next ? `/assessments/${id}/checklist?section=${next.number}` : `/assessments/${id}/checklist`,
      );
      expect((await stored(id)).answers).toHaveLength(
        sections.slice(0, section.number).reduce((n, s) => n + s.questions.length, 0),
      );
    }
    const done = await visitor.get(`/assessments/${id}/checklist`);
    expect(done.body).toContain('You have answered every section');
    expect(done.body).toContain('Continue to your judgement');

    // Going back to a section changes only its answers.
    const again = await visitor.get(`/assessments/${id}/checklist?section=1`);
    const changed: Record<string, string> = { version: version(again.body), section: '1' };
    for (const { question } of sections[0]!.questions) changed[`answer-${question.id}`] = 'no';
    await visitor.post(`/assessments/${id}/checklist`, changed);
    const answers = (await stored(id)).answers;
    expect(answers.map((a) => a.questionId)).toEqual(instrument.questions.map((q) => q.id));
    expect(answers.filter((a) => a.answer === 'no')).toHaveLength(sections[0]!.questions.length);
  });

  it('does not ask again how many children live in the household: the household page’s children are used', async () => {
    const id = await start();
    await visitor.get(`/assessments/${id}/household`);
    await visitor.post(`/assessments/${id}/household`, {
      relationship: 'child',
      givenName: 'Robin',
      familyName: '',
      'dateOfBirth-day': '3',
      'dateOfBirth-month': '5',
      'dateOfBirth-year': '2019',
      description: '',
    });
    const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
    const page = await visitor.get(`/assessments/${id}/checklist?section=1`);
    const form: Record<string, string> = { version: version(page.body) };
    for (const q of instrument.questions) form[`answer-${q.id}`] = 'no';
    await visitor.post(`/assessments/${id}/checklist`, form);
    const judgement = await visitor.get(`/assessments/${id}/judgement`);
    expect(judgement.body).not.toContain('How many children live in the household?');
    expect(judgement.body).toContain('1 child');
    const completed = await visitor.post(`/assessments/${id}/judgement`, {
      victimView: '',
      judgementLevel: 'none',
      judgementReason: '',
      consentToShare: 'given',
    });
    expect(completed.headers.location).toBe(`/assessments/${id}`);
    expect((await stored(id)).children_in_household).toBe(1);
  });

  it('asks the questions in Welsh where the instrument has Welsh, and marks an English-only instrument as English', async () => {
    const language = new PageClient(t.app);
    await language.signIn('health.visitor@northshire.example');
    expect((await language.get('/language/cy?return=/assessments/new')).statusCode).toBe(303);
    const ask = async (instrument: string) => {
      await language.get('/assessments/new');
      const started = await language.post('/assessments', {
        givenName: 'Morgan',
        familyName: 'Ashdown',
        'dateOfBirth-day': '12',
        'dateOfBirth-month': '4',
        'dateOfBirth-year': '1991',
        instrument,
      });
      const id = /\/assessments\/([0-9a-f-]{36})\/household/.exec(String(started.headers.location))![1]!;
      return (await language.get(`/assessments/${id}/checklist?section=1`)).body;
    };
    const welsh = await ask('multi-agency-checklist@1');
    expect(welsh).toContain('<html lang="cy"');
    expect(welsh).toContain('A gawsoch chi eich anafu yn y digwyddiad diweddaraf?');
    expect(welsh).not.toContain('Were you hurt in what happened most recently?');
    expect(welsh).not.toContain('<span lang="en">');
    const police = requireChecklist(t.app.instruments, 'police-checklist@1');
    const english = await ask('police-checklist@1');
    expect(english).toContain(`<span lang="en">${police.questions[0]!.text.replace(/'/g, '&#39;')}</span>`);
    expect(english).toContain('Cadw a pharhau');
  });
});
