import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InstrumentError,
  instrumentJsonSchema,
  loadInstrument,
  loadInstrumentsFromDirectory,
  requireChecklist,
  requireChildMatrix,
  type ChecklistInstrument,
  hasWordingIn,
  wordedIn,
} from './instrument.ts';

const instrumentsDir = fileURLToPath(new URL('../../../instruments', import.meta.url));
const readJson = async (name: string) =>
  JSON.parse(await readFile(join(instrumentsDir, name), 'utf8')) as Record<string, unknown>;

function errorOf(fn: () => unknown): InstrumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InstrumentError) return error;
    throw error;
  }
  throw new Error('expected an InstrumentError');
}

async function rejectionOf(promise: Promise<unknown>): Promise<InstrumentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof InstrumentError) return error;
  throw new Error(`expected an InstrumentError, got ${String(error)}`);
}

let tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  tempDirs = [];
});
async function dirWith(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'instruments-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('shipped instruments', () => {
  it('all load and are registered by id@version', async () => {
    const registry = await loadInstrumentsFromDirectory(instrumentsDir);
    expect([...registry.keys()].sort()).toEqual([
      'children-risk-matrix@1',
      'multi-agency-checklist@1',
      'multi-agency-checklist@1-alt',
      'police-checklist@1',
    ]);
  });

  it('schema.json is exactly the schema the loader enforces', async () => {
    expect(await readJson('schema.json')).toEqual(instrumentJsonSchema());
  });

  it('the multi-agency checklist asks about the DASH-style risk factors with 14/10 thresholds', async () => {
    const checklist = requireChecklist(await loadInstrumentsFromDirectory(instrumentsDir), 'multi-agency-checklist@1');
    const scored = checklist.questions.filter((q) => q.scored);
    expect(scored.length).toBeGreaterThanOrEqual(24);
    expect(scored.length).toBeLessThanOrEqual(27);
    expect(checklist.thresholds).toMatchObject({ high: 14, medium: 10 });
    expect(checklist.thresholds.note).toMatch(/local default/);
    const factors = checklist.questions.map((q) => q.riskFactor);
    for (const factor of [
      'current-injury',
      'fear',
      'isolation',
      'depression-suicidal-thoughts',
      'separation',
      'child-contact-conflict',
      'stalking-harassment',
      'pregnancy-recent-birth',
      'abuse-of-children-dependants',
      'escalation-frequency',
      'escalation-severity',
      'threats-to-kill',
      'strangulation-choking-suffocation',
      'sexual-abuse',
      'weapons',
      'criminal-history',
      'perpetrator-drugs-alcohol-mental-health',
      'perpetrator-suicidal',
      'financial-control',
      'jealousy-control',
      'animal-abuse',
      'breach-of-bail-orders',
      'violence-to-others',
      'threats-to-harm-children',
    ]) {
      expect(factors).toContain(factor);
    }
  });

  it('the police checklist has every multi-agency question, scored the same, plus unscored incident questions', async () => {
    const registry = await loadInstrumentsFromDirectory(instrumentsDir);
    const common = requireChecklist(registry, 'multi-agency-checklist@1');
    const police = requireChecklist(registry, 'police-checklist@1');
    const shape = (c: ChecklistInstrument) =>
      c.questions.map(({ id, riskFactor, scored }) => ({ id, riskFactor, scored }));
    expect(shape(police).slice(0, common.questions.length)).toEqual(shape(common));
    const extra = police.questions.slice(common.questions.length);
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.every((q) => !q.scored && q.id.startsWith('incident-'))).toBe(true);
    expect(police.thresholds).toMatchObject({ high: common.thresholds.high, medium: common.thresholds.medium });
  });

  it('the alternative wording rewords every question but keeps ids, factors and scoring', async () => {
    const registry = await loadInstrumentsFromDirectory(instrumentsDir);
    const v1 = requireChecklist(registry, 'multi-agency-checklist@1');
    const alt = requireChecklist(registry, 'multi-agency-checklist@1-alt');
    expect(alt.alternativeWordingOf).toBe('multi-agency-checklist@1');
    expect(alt.questions.map((q) => [q.id, q.riskFactor, q.scored])).toEqual(
      v1.questions.map((q) => [q.id, q.riskFactor, q.scored]),
    );
    alt.questions.forEach((q, i) => {
      expect(q.text).not.toBe(v1.questions[i]?.text);
      expect(q.help).not.toBe(v1.questions[i]?.help);
    });
  });

  it('the children matrix rates harm, impact and protective factors with a documented rule', async () => {
    const matrix = requireChildMatrix(await loadInstrumentsFromDirectory(instrumentsDir), 'children-risk-matrix@1');
    expect(matrix.dimensions.map((d) => [d.id, d.role])).toEqual([
      ['harm', 'risk'],
      ['impact', 'risk'],
      ['protective-factors', 'protection'],
    ]);
    expect(matrix.overallRule.floorDimension).toBe('harm');
  });
});

describe('invalid instruments', () => {
  it('names the field when a question has no text', async () => {
    const json = await readJson('multi-agency-checklist.v1.json');
    const questions = json.questions as Record<string, unknown>[];
    delete questions[2]!.text;
    const error = errorOf(() => loadInstrument(json, 'broken.json'));
    expect(error.message).toContain('broken.json');
    expect(error.problems.map((p) => p.field)).toEqual(['questions[2] (id "cut-off-from-support").text']);
  });

  it('names a misspelt field rather than ignoring it', async () => {
    const json = await readJson('multi-agency-checklist.v1.json');
    (json.questions as Record<string, unknown>[])[0]!.hlep = 'typo';
    const error = errorOf(() => loadInstrument(json, 'typo.json'));
    expect(error.problems[0]?.field).toBe('questions[0] (id "current-injury")');
    expect(error.problems[0]?.message).toContain('hlep');
  });

  it('refuses duplicate question ids, medium not below high, and a high threshold no one can reach', async () => {
    const json = await readJson('multi-agency-checklist.v1.json');
    const questions = json.questions as Record<string, unknown>[];
    questions[1]!.id = questions[0]!.id;
    delete json.translations; // the Welsh of a renamed question is checked on its own, below
    json.thresholds = { high: 40, medium: 40, note: 'x' };
    const fields = errorOf(() => loadInstrument(json)).problems.map((p) => p.field);
    expect(fields).toEqual(['questions[1] (id "current-injury").id', 'thresholds.medium', 'thresholds.high']);
  });

  it('refuses an unknown kind and a badly formed version', () => {
    expect(errorOf(() => loadInstrument({ kind: 'quiz' })).problems[0]?.field).toBe('kind');
    const error = errorOf(() => loadInstrument({ kind: 'checklist', id: 'x', version: 'one' }));
    expect(error.problems.map((p) => p.field)).toContain('version');
  });

  it('refuses a matrix whose floor is not a risk dimension', async () => {
    const json = await readJson('children-risk-matrix.v1.json');
    (json.overallRule as Record<string, unknown>).floorDimension = 'protective-factors';
    expect(errorOf(() => loadInstrument(json)).problems.map((p) => p.field)).toEqual(['overallRule.floorDimension']);
  });

  it('names the file and field when a file in the directory is invalid', async () => {
    const good = await readJson('multi-agency-checklist.v1.json');
    const bad = { ...good, version: '2', thresholds: { high: 14, note: 'no medium' } };
    const dir = await dirWith({ 'a.json': good, 'b.json': bad, 'schema.json': { not: 'an instrument' } });
    const error = await rejectionOf(loadInstrumentsFromDirectory(dir));
    expect(error.source).toBe(join(dir, 'b.json'));
    expect(error.message).toContain('b.json');
    expect(error.message).toContain('thresholds.medium');
  });

  it('names the file when it is not JSON', async () => {
    const dir = await dirWith({ 'broken.json': '{ "id": ' });
    const error = await rejectionOf(loadInstrumentsFromDirectory(dir));
    expect(error.message).toContain('broken.json');
    expect(error.message).toContain('not valid JSON');
  });

  it('refuses two files defining the same id and version', async () => {
    const good = await readJson('multi-agency-checklist.v1.json');
    const error = await rejectionOf(loadInstrumentsFromDirectory(await dirWith({ 'a.json': good, 'b.json': good })));
    expect(error.message).toContain('"multi-agency-checklist@1" is already defined');
  });

  it('refuses an alternative wording that changes a risk factor or has no base', async () => {
    const base = await readJson('multi-agency-checklist.v1.json');
    const alt = await readJson('multi-agency-checklist.v1-alt-wording.json');
    (alt.questions as Record<string, unknown>[])[0]!.riskFactor = 'something-else';
    const changed = await rejectionOf(loadInstrumentsFromDirectory(await dirWith({ 'a.json': base, 'b.json': alt })));
    expect(changed.problems[0]?.field).toBe('alternativeWordingOf');
    const orphan = await rejectionOf(
      loadInstrumentsFromDirectory(
        await dirWith({ 'b.json': await readJson('multi-agency-checklist.v1-alt-wording.json') }),
      ),
    );
    expect(orphan.message).toContain('is not among the loaded instruments');
  });

  it('a new wording dropped in as a file loads with no code change', async () => {
    const base = await readJson('multi-agency-checklist.v1.json');
    const reworded = {
      ...base,
      version: '1-local',
      alternativeWordingOf: 'multi-agency-checklist@1',
      wording: { source: 'A partnership', licence: 'Licensed locally' },
      questions: (base.questions as Record<string, unknown>[]).map((q) => ({
        ...q,
        text: `Local wording: ${String(q.text)}`,
      })),
    };
    const registry = await loadInstrumentsFromDirectory(await dirWith({ 'a.json': base, 'b.json': reworded }));
    expect(requireChecklist(registry, 'multi-agency-checklist@1-local').questions[0]?.text).toMatch(/^Local wording/);
  });

  it('requireChecklist and requireChildMatrix explain a missing or wrong instrument', async () => {
    const registry = await loadInstrumentsFromDirectory(instrumentsDir);
    expect(() => requireChecklist(registry, 'nope@1')).toThrow('No risk instrument "nope@1" is loaded');
    expect(() => requireChecklist(registry, 'children-risk-matrix@1')).toThrow('not a checklist');
    expect(() => requireChildMatrix(registry, 'police-checklist@1')).toThrow('not a child matrix');
  });
});

describe('wording in Welsh', () => {
  it('loads the Welsh wording of our own checklist and matrix, complete, and words the instrument in it', async () => {
    const registry = await loadInstrumentsFromDirectory(instrumentsDir);
    const checklist = requireChecklist(registry, 'multi-agency-checklist@1');
    const welsh = wordedIn(checklist, 'cy');
    expect(welsh.title).toBe('Rhestr wirio risg cam-drin domestig (amlasiantaeth)');
    expect(welsh.answerLabels.yes).toBe('Ie');
    expect(welsh.questions.map((q) => [q.id, q.riskFactor, q.scored])).toEqual(
      checklist.questions.map((q) => [q.id, q.riskFactor, q.scored]),
    );
    welsh.questions.forEach((q, i) => {
      expect(q.text).not.toBe(checklist.questions[i]!.text);
      expect(q.help).not.toBe(checklist.questions[i]!.help);
    });
    expect(wordedIn(checklist, 'en')).toBe(checklist);
    const matrix = requireChildMatrix(registry, 'children-risk-matrix@1');
    expect(wordedIn(matrix, 'cy').ratingLabels.severe).toBe('Difrifol');
    expect(hasWordingIn(requireChecklist(registry, 'police-checklist@1'), 'cy')).toBe(false);
    expect(wordedIn(requireChecklist(registry, 'police-checklist@1'), 'cy').title).toMatch(/police/);
  });

  it('refuses a Welsh wording with a question missing, an unknown question or sections grouped differently', async () => {
    const base = await readJson('multi-agency-checklist.v1.json');
    const welsh = (base.translations as { cy: { questions: Record<string, { section?: string }> } }).cy;
    const missing = { ...welsh.questions };
    delete missing['threats-to-kill'];
    const withQuestions = (questions: object) => ({ ...base, translations: { cy: { ...welsh, questions } } });
    expect(errorOf(() => loadInstrument(withQuestions(missing))).problems).toContainEqual({
      field: 'translations.cy.questions.threats-to-kill',
      message: 'has no wording',
    });
    const extra = { ...welsh.questions, 'no-such-question': { text: 'x', help: 'y', section: 'z' } };
    expect(errorOf(() => loadInstrument(withQuestions(extra))).problems.map((p) => p.message)).toContain(
      'is not a question of this checklist',
    );
    const regrouped = {
      ...welsh.questions,
      'threats-to-kill': { ...welsh.questions['threats-to-kill'], section: 'Arall' },
    };
    expect(errorOf(() => loadInstrument(withQuestions(regrouped))).problems.map((p) => p.message)).toContain(
      'must group the questions into the same sections as the English',
    );
    const noLabels = { ...base, translations: { cy: { ...welsh, answerLabels: { yes: 'Ie', no: 'Na' } } } };
    expect(errorOf(() => loadInstrument(noLabels)).problems.map((p) => p.field)).toContain(
      'translations.cy.answerLabels.dont-know',
    );
  });

  it('refuses a Welsh matrix wording that leaves out a dimension', async () => {
    const base = await readJson('children-risk-matrix.v1.json');
    const welsh = (base.translations as { cy: { dimensions: Record<string, unknown> } }).cy;
    const dimensions = { ...welsh.dimensions };
    delete dimensions.impact;
    const broken = { ...base, translations: { cy: { ...welsh, dimensions } } };
    expect(errorOf(() => loadInstrument(broken)).problems.map((p) => p.field)).toContain('translations.cy.dimensions');
  });
});
