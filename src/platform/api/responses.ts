import type { z } from 'zod';
import { problemDocument } from './problem.ts';

const meaning: Record<number, string> = {
  400: 'Invalid request: every problem is listed with its path',
  401: 'Missing, invalid, revoked or expired credential',
  403: 'The credential may not do this',
  404: 'No such resource for your agency',
  413: 'The request is too large',
  422: 'Nothing in the request could be saved: every row was rejected',
  429: 'Too many requests: wait, then try again',
};

/** An API operation's responses for its route schema: its successes, and its errors as problem documents. */
export function apiResponses(success: Record<number, z.ZodType>, ...problems: number[]): Record<number, z.ZodType> {
  return {
    ...success,
    ...Object.fromEntries(problems.map((status) => [status, problemDocument.describe(meaning[status] ?? 'Problem')])),
  };
}
