import type { PageContext } from '../../../platform/pages/page.ts';
import { notFound, refused, type PageResult } from '../../../platform/pages/results.ts';
import { NOT_ATTENDING } from '../page-rules.ts';
import * as service from '../service.ts';
import { maracFor } from '../for-viewer.ts';
import { viewerOf } from '../../access/service.ts';

/**
 * The meeting for one of its attendees; not found for a meeting this user cannot see, and refused to
 * everyone else (row-level security would show them an empty agenda anyway). The page's audit event
 * records which: failure, denied or success.
 */
export async function attendedMeeting({ db, request }: PageContext<unknown>, meetingId: string): Promise<service.MeetingView | PageResult> {
  const meeting = await maracFor(db, viewerOf(request)).meetingView(meetingId);
  if (!meeting) return notFound();
  if (!meeting.meeting.attends) return refused(NOT_ATTENDING);
  return meeting;
}

/** Whether a meeting this user can see exists: another partnership's meeting is not found, not "could not be changed". */
export const meetingExists = async ({ db, request }: PageContext<unknown>, meetingId: string) => Boolean(await maracFor(db, viewerOf(request)).meetingView(meetingId));
