import type { Table, TableFormat } from '../spreadsheet.ts';

/**
 * What a page handler returns: the wiring renders it, sets the status and
 * decides the audit outcome from it, so handlers never touch the reply.
 */
export type PageResult = (
  | { kind: 'view'; template: string; model: Record<string, unknown>; status: number }
  | { kind: 'redirect'; location: string }
  | { kind: 'not-found' }
  | { kind: 'refused'; title: string; message: string }
  | { kind: 'problem'; status: number; title: string; message: string }
  | { kind: 'table'; rows: Table; format: TableFormat; filename: string; sheet: string }
  | { kind: 'sent' }
) &
  AuditNaming;

/**
 * What a result may say of the request's audit event when the page cannot know it in advance:
 * the record it is about (one just created) and the action (a decision named by the form's answer).
 */
export interface AuditNaming {
  subjectId?: string | null;
  action?: string;
  /** A page shown that did not do what was asked (an approval already used up), or a refusal shown as not found. */
  outcome?: 'failure' | 'denied';
  /**
   * Further events the request caused beside the page's own, each about its own record (an invitation
   * sent to the user just created; a credential issued in place of the one rotated). The wiring writes them
   * after the page's event, with its outcome.
   */
  also?: readonly AlsoAudited[];
}

export interface AlsoAudited {
  action: string;
  subjectType: string;
  subjectId: string | null;
}

const naming = (options: AuditNaming) => ({
  ...(options.subjectId !== undefined ? { subjectId: options.subjectId } : {}),
  ...(options.action !== undefined ? { action: options.action } : {}),
  ...(options.outcome !== undefined ? { outcome: options.outcome } : {}),
  ...(options.also !== undefined && options.also.length > 0 ? { also: options.also } : {}),
});

const RESULT = Symbol('page-result');

const mark = <T extends object>(r: T): T => Object.assign(r, { [RESULT]: true });

export const view = (
  template: string,
  model: Record<string, unknown>,
  options: { status?: number } & AuditNaming = {},
): PageResult => mark({ kind: 'view', template, model, status: options.status ?? 200, ...naming(options) });

export const redirect = (location: string, options: AuditNaming = {}): PageResult =>
  mark({ kind: 'redirect', location, ...naming(options) });

export const notFound = (options: AuditNaming = {}): PageResult => mark({ kind: 'not-found', ...naming(options) });

/** Title and message are catalogue keys (put into the page's language when the page is sent). */
export const refused = (message = 'error.refused.message', title = 'error.refused.title'): PageResult =>
  mark({ kind: 'refused', title, message });

/** A request that was understood but could not be carried out (a conflict): an explanation, nothing changed. Title and message are catalogue keys. */
export const problemPage = (title: string, message: string, status = 409, options: AuditNaming = {}): PageResult =>
  mark({ kind: 'problem', status, title, message, ...naming(options) });

/** A CSV or XLSX download, sent through the one spreadsheet writer after the audit event is written. */
export const table = (
  rows: Table,
  { format, filename, sheet, ...audit }: { format: TableFormat; filename: string; sheet: string } & AuditNaming,
): PageResult => mark({ kind: 'table', rows, format, filename, sheet, ...naming(audit) });

/** The handler sent the response itself; its audit event is written after it, so prefer another result. */
export const sent = (): PageResult => mark({ kind: 'sent' });

export const isPageResult = (value: unknown): value is PageResult =>
  typeof value === 'object' && value !== null && RESULT in value;
