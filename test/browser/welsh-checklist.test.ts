import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, useBrowserApp } from '../support/browser.ts';
import { WIDTHS } from '../support/seen.ts';
import { signedInPage } from './pages/sign-in-page.ts';
import { ChecklistTaskListPage } from './pages/checklist-pages.ts';
import { requireChecklist, wordedIn } from '../../src/modules/risk/instrument.ts';
import { sectionsOf } from '../../src/modules/risk/checklist-sections.ts';

const run = useBrowserApp();

/** The English words of a module's catalogue that read differently in Welsh: none of them belongs on a Welsh page. */
function englishOnly(module: string): string[] {
  const read = (language: string) =>
    JSON.parse(
      fs.readFileSync(
        path.resolve(import.meta.dirname, `../../src/modules/${module}/messages/${language}.json`),
        'utf8',
      ),
    ) as Record<string, string>;
  const en = read('en');
  const cy = read('cy');
  // A message with values is checked by its longest fixed part; short words ("Open", "Score") could be data.
  return Object.entries(en)
    .filter(([key, text]) => cy[key] !== text)
    .map(([, text]) =>
      text
        .split(/\{\w+\}/)
        .sort((a, b) => b.length - a.length)[0]!
        .trim(),
    )
    .filter((fragment) => fragment.length >= 12);
}

async function expectWelsh(page: Page, modules: string[]) {
  expect(await page.locator('html').getAttribute('lang')).toBe('cy');
  const text = (await page.locator('main').textContent()) ?? '';
  const words = modules.flatMap(englishOnly);
  expect(words.length).toBeGreaterThan(100);
  expect(words.filter((fragment) => text.includes(fragment))).toEqual([]);
  await expectAccessible(page);
}

/** Signs in as the health visitor, chooses Cymraeg and answers Morgan Ashdown's checklist section by section in Welsh. */
async function answerInWelsh(width: 'desktop' | 'mobile') {
  const page = await signedInPage(run.browser, run.t.baseUrl, 'health.visitor@northshire.example');
  await page.setViewportSize(WIDTHS[width]);
  await page.getByTestId('language-cy').click();
  await page.waitForURL(`${run.t.baseUrl}/`);
  expect(await page.locator('html').getAttribute('lang')).toBe('cy');

  await page.goto(`${run.t.baseUrl}/assessments/new`);
  await page.locator('h1').filter({ hasText: 'Dechrau rhestr wirio risg' }).waitFor();
  await expectWelsh(page, ['risk']);
  await page.getByLabel('Enw cyntaf y dioddefwr').fill('Morgan');
  await page.getByLabel('Cyfenw’r dioddefwr').fill('Ashdown');
  await page.getByLabel('Diwrnod').fill('12');
  await page.getByLabel('Mis').fill('4');
  await page.getByLabel('Blwyddyn').fill('1991');
  await page.getByRole('button', { name: 'Parhau' }).click();

  await page.locator('h1').filter({ hasText: 'Pwy sydd yn yr aelwyd' }).waitFor();
  await expectWelsh(page, ['risk']);
  await page.getByLabel('Plentyn yn yr aelwyd').check();
  await page.getByLabel('Enw cyntaf').fill('Robin');
  await page.getByLabel('Diwrnod').fill('3');
  await page.getByLabel('Mis').fill('5');
  await page.getByLabel('Blwyddyn').fill('2019');
  await page.getByRole('button', { name: 'Ychwanegu at yr aelwyd' }).click();
  await page.locator('h1').filter({ hasText: 'Pwy sydd yn yr aelwyd' }).waitFor();
  await page.getByRole('button', { name: "Parhau i'r rhestr wirio" }).click();

  // The checklist in the instrument's own Welsh wording: title, sections and questions.
  const english = requireChecklist(run.t.app.instruments, 'multi-agency-checklist@1');
  const instrument = wordedIn(english, 'cy');
  const sections = sectionsOf(instrument);
  expect(sections.map((s) => s.questions.map((q) => q.question.id))).toEqual(
    sectionsOf(english).map((s) => s.questions.map((q) => q.question.id)),
  );
  const list = new ChecklistTaskListPage(page);
  await page.locator('h1').filter({ hasText: instrument.title }).waitFor();
  expect(await list.progress()).toContain(`0 o ${instrument.questions.length} cwestiwn wedi'u hateb`);
  expect(await list.statusOf(sections[0]!)).toBe('Heb ddechrau');
  await expectWelsh(page, ['risk']);

  await list.open(sections[0]!);
  for (const section of sections) {
    await page.locator('h1').filter({ hasText: section.title }).waitFor();
    const main = (await page.locator('main').textContent()) ?? '';
    for (const { question } of section.questions) {
      expect(main).toContain(question.text);
      expect(main).not.toContain(english.questions.find((q) => q.id === question.id)!.text);
    }
    // The history beside the questions while they are answered: a column when wide, a summary above when narrow.
    const history = page.getByTestId(width === 'desktop' ? 'history' : 'history-summary');
    expect(await history.isVisible()).toBe(true);
    expect(await page.getByTestId(width === 'desktop' ? 'history-summary' : 'history').isVisible()).toBe(false);
    if (width === 'mobile') await history.getByText("Gweld y rhestrau gwirio a'r digwyddiadau cynharach").click();
    expect(await history.textContent()).toContain('Northshire Police');
    expect(await history.textContent()).toContain('Hanes');
    if (section.number === 1) await page.getByLabel('Sylwadau ar gwestiwn 1', { exact: true }).fill('Toriad i’r wefus');
    await expectWelsh(page, ['risk']);
    for (const { question, number } of section.questions)
      await page.locator(`input[name="answer-${question.id}"][value="${number <= 16 ? 'yes' : 'no'}"]`).check();
    await page.getByRole('button', { name: 'Cadw a pharhau' }).click();
  }
  await page.locator('h1').filter({ hasText: instrument.title }).waitFor();
  for (const section of sections) expect(await list.statusOf(section)).toBe("Wedi'i gwblhau");
  await page.getByRole('button', { name: "Parhau i'ch barn" }).click();

  await page.locator('h1').filter({ hasText: 'Eich barn chi a safbwynt y dioddefwr' }).waitFor();
  expect(await page.getByTestId('household-summary').textContent()).toContain('1 plentyn');
  await expectWelsh(page, ['risk']);
  await page.getByLabel("Sut mae'r dioddefwr yn gweld y risg?").fill('Mae’n credu ei fod yn gwaethygu');
  await page.getByLabel("Dim barn ar wahân: mae'r sgôr yn adlewyrchu'r risg").check();
  await page.getByLabel('Ydy, mae wedi rhoi caniatâd').check();
  await page.getByRole('button', { name: "Cwblhau'r rhestr wirio" }).click();

  await page.getByTestId('risk-level').waitFor();
  expect(await page.getByTestId('risk-level').textContent()).toBe('Uchel');
  expect(await page.title()).toBe('Canlyniad y rhestr wirio risg – Whole Picture');
  expect(await page.getByTestId('next-steps').textContent()).toContain('Atgyfeirio at y gwasanaeth IDVA');
  expect(await page.getByTestId('history').textContent()).toContain('Cyfateb posibl — heb ei gadarnhau');
  // The level's reasons and the criteria met were recorded in English by the rules; shown here in Welsh.
  expect(await page.getByTestId('criteria').textContent()).toContain("Mae sgôr y rhestr wirio, 16, ar neu'n uwch");
  expect(await page.locator('main').textContent()).not.toContain('is at or above');
  await expectWelsh(page, ['risk']);

  // Switching language keeps the practitioner on the same page.
  const result = page.url();
  await page.getByTestId('language-en').click();
  await page.getByTestId('risk-level').waitFor();
  expect(page.url()).toBe(result);
  expect(await page.getByTestId('risk-level').textContent()).toBe('High');
  await page.getByTestId('language-cy').click();
  await page.getByTestId('risk-level').waitFor();
  expect(page.url()).toBe(result);

  await page.goto(`${run.t.baseUrl}/worklist`);
  await page.locator('h1').filter({ hasText: 'Rhestr waith' }).waitFor();
  await expectWelsh(page, ['worklists', 'risk']);
  await page.context().close();
}

describe('a health visitor works in Welsh', () => {
  it(
    'answers the checklist section by section in Welsh on a desktop, with the history beside the questions',
    { timeout: 180_000 },
    async () => {
      await answerInWelsh('desktop');
    },
  );

  it(
    'answers the checklist section by section in Welsh on a phone, with a summary of the history above',
    { timeout: 180_000 },
    async () => {
      await answerInWelsh('mobile');
    },
  );
});
