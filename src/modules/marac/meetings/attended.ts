import type { PageContext } from '../../../platform/pages/page.ts';
import { notFound, problemPage, redirect, refused, type PageResult } from '../../../platform/pages/results.ts';
import { NOT_ATTENDING } from '../page-rules.ts';
import * as service from '../service.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

type MeetingPage = PageContext<{ id: string }>;

/**
 * Shows a meeting (the `id` param) to one of its attendees; not found for a meeting this user cannot
 * see, and refused to everyone else (row-level security would show them an empty agenda anyway).
 * The page's audit event records which: failure, denied or success.
 */
export async function forAttendee(
  ctx: MeetingPage,
  show: (meeting: service.MeetingView) => PageResult | Promise<PageResult>,
): Promise<PageResult> {
  const meeting = await maracFor(ctx.db, viewerOf(ctx.request)).meetingView(ctx.params.id);
  if (!meeting) return notFound();
  if (!meeting.meeting.attends) return refused(NOT_ATTENDING);
  return show(meeting);
}

/**
 * The coordinator changes a meeting: another partnership's meeting (or one this user cannot see) is not
 * found, not "could not be changed"; a change the service refuses is explained under `title`.
 */
export async function changeMeeting<T>(
  ctx: MeetingPage,
  change: () => Promise<service.Outcome<T>>,
  title: string,
  then: (value: T) => string,
): Promise<PageResult> {
  if (!(await maracFor(ctx.db, viewerOf(ctx.request)).meetingView(ctx.params.id))) return notFound();
  const outcome = await change();
  return outcome.ok ? redirect(then(outcome.value)) : problemPage(title, outcome.problem);
}
