import type { Page } from 'playwright-core';
import type { ChecklistSection } from '../../../src/modules/risk/checklist-sections.ts';

/** Page objects for answering a risk checklist: the task list of its sections, and one section's questions. */
export class ChecklistTaskListPage {
  constructor(private readonly page: Page) {}

  async progress(): Promise<string> {
    return (await this.page.getByTestId('progress').textContent()) ?? '';
  }

  async statusOf(section: ChecklistSection): Promise<string> {
    const row = this.page.getByTestId('sections').locator('li', { hasText: `${section.number}. ${section.title}` });
    return ((await row.locator('.govuk-task-list__status').textContent()) ?? '').trim();
  }

  async open(section: ChecklistSection) {
    await this.page.getByRole('link', { name: `${section.number}. ${section.title}` }).click();
    await this.page.locator('h1').filter({ hasText: section.title }).waitFor();
  }

  async continueToJudgement() {
    await this.page.getByRole('button', { name: 'Continue to your judgement' }).click();
  }
}

export class ChecklistSectionPage {
  constructor(private readonly page: Page) {}

  /** The history as this width shows it: the column beside the questions, or the summary above them. */
  history(width: 'desktop' | 'mobile') {
    return this.page.getByTestId(width === 'desktop' ? 'history' : 'history-summary');
  }

  hiddenHistory(width: 'desktop' | 'mobile') {
    return this.page.getByTestId(width === 'desktop' ? 'history-summary' : 'history');
  }

  async answer(section: ChecklistSection, answerFor: (questionNumber: number) => 'yes' | 'no') {
    for (const { question, number } of section.questions) {
      await this.page.locator(`input[name="answer-${question.id}"][value="${answerFor(number)}"]`).check();
    }
  }

  async comment(questionNumber: number, text: string) {
    await this.page.getByLabel(`Comments on question ${questionNumber}`, { exact: true }).fill(text);
  }

  async saveAndContinue() {
    await this.page.getByRole('button', { name: 'Save and continue' }).click();
  }
}

/** Answers every section in turn from the task list, ending on the judgement page. */
export async function answerChecklist(
  page: Page,
  sections: readonly ChecklistSection[],
  answerFor: (questionNumber: number) => 'yes' | 'no',
) {
  const list = new ChecklistTaskListPage(page);
  const questions = new ChecklistSectionPage(page);
  await list.open(sections[0]!);
  for (const section of sections) {
    await page.locator('h1').filter({ hasText: section.title }).waitFor();
    await questions.answer(section, answerFor);
    await questions.saveAndContinue();
  }
  await list.continueToJudgement();
  await page.locator('h1').filter({ hasText: 'Your judgement' }).waitFor();
}
