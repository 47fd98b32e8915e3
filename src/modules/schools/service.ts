import { label } from '../../platform/language/index.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { asActor, type Actor } from '../../db/tenancy.ts';
import { enqueue } from '../../platform/jobs.ts';
import type { Mailer } from '../../platform/mail.ts';
import * as repo from './repository.ts';
import { nextSchoolDayStart } from './school-day.ts';

// Schools are told: the partnership's schools and their safeguarding contacts, the school a child
// attends, and the notices the schools job makes when police record an abuse incident a child of
// school age was present at or lives with. A notice's e-mail names no one; the page behind sign-in
// shows the child's name, the date and that police attended, and only to that school's contacts.

type Db = Kysely<Database>;
export type Problem = { field: string; text: string };
export type Outcome = { ok: true; id: string } | { ok: false; problem: Problem };

export const NOTICE_MAIL_QUEUE = 'schools.notice-mail';

export const listSchools = (db: Db, actor: Actor) => asActor(db, actor, (tx) => repo.listSchools(tx));
export const activeSchools = (db: Db, actor: Actor) => asActor(db, actor, (tx) => repo.activeSchools(tx));

export async function createSchool(db: Db, actor: Actor, input: { name: string; urn: string }): Promise<Outcome> {
  return asActor(db, actor, async (tx) => {
    if (await repo.schoolWithUrn(tx, input.urn))
      return { ok: false, problem: { field: 'urn', text: 'schools.form.urn-taken' } };
    const { id } = await repo.insertSchool(tx, {
      ...input,
      partnership_id: actor.partnershipId,
      created_by: actor.userId,
    });
    return { ok: true, id };
  });
}

export const schoolWithContacts = (db: Db, actor: Actor, id: string) =>
  asActor(db, actor, async (tx) => {
    const school = await repo.findSchool(tx, id);
    return school ? { school, contacts: await repo.contactsOf(tx, id) } : undefined;
  });

export async function addContact(db: Db, actor: Actor, schoolId: string, email: string): Promise<Outcome | undefined> {
  return asActor(db, actor, async (tx) => {
    if (!(await repo.findSchool(tx, schoolId))) return undefined;
    const user = await repo.userByEmail(tx, email);
    if (!user || !user.active) return { ok: false, problem: { field: 'email', text: 'schools.form.no-such-user' } };
    if (user.kind !== 'education')
      return {
        ok: false,
        problem: { field: 'email', text: 'schools.form.not-education' },
      };
    await repo.addContact(tx, {
      school_id: schoolId,
      partnership_id: actor.partnershipId,
      user_id: user.id,
      added_by: actor.userId,
    });
    return { ok: true, id: user.id };
  });
}

export const removeContact = (db: Db, actor: Actor, schoolId: string, userId: string) =>
  asActor(db, actor, async (tx) => Number((await repo.removeContact(tx, schoolId, userId)).numDeletedRows) === 1);

export const schoolOfChild = (db: Db, actor: Actor, personId: string) =>
  asActor(db, actor, (tx) => repo.schoolOfChild(tx, personId));

export async function recordSchoolOfChild(db: Db, actor: Actor, personId: string, schoolId: string): Promise<Outcome> {
  return asActor(db, actor, async (tx) => {
    const school = await repo.findSchool(tx, schoolId);
    if (!school || !school.active)
      return { ok: false, problem: { field: 'schoolId', text: 'schools.form.select-from-list' } };
    await repo.recordSchoolOfChild(tx, {
      person_id: personId,
      partnership_id: actor.partnershipId,
      school_id: schoolId,
      recorded_by: actor.userId,
    });
    return { ok: true, id: personId };
  });
}

export const noticesForContact = (db: Db, actor: Actor) => asActor(db, actor, (tx) => repo.noticesForContact(tx));

/** One notice for one of its school's contacts (undefined for anyone else), marked seen the first time. */
export const openNotice = (db: Db, actor: Actor, id: string) =>
  asActor(db, actor, async (tx) => {
    const notice = await repo.findNotice(tx, id);
    if (notice && !notice.first_viewed_at) await repo.markViewed(tx, id);
    return notice;
  });

// The schools job -------------------------------------------------------------

/**
 * Makes the notices for the incidents noted since the last run, audits what each shares against the
 * child, and queues one e-mail per notice: all in one transaction, so a crash makes none of it and
 * the next run makes all of it, once (the notice and its e-mail job are unique).
 */
export async function makeNotices(owner: Db, now = new Date()): Promise<number> {
  return owner.transaction().execute(async (tx) => {
    let made = 0;
    for (const noted of await repo.takeNotedIncidents(tx)) {
      for (const child of await repo.childrenToTell(tx, noted.incident_id)) {
        const notice = await repo.insertNotice(tx, {
          partnership_id: child.partnership_id,
          school_id: child.school_id,
          incident_id: noted.incident_id,
          child_person_id: child.child_id,
          child_name: child.child_name,
          incident_on: child.incident_on,
          due_by: nextSchoolDayStart(new Date(Math.max(now.getTime(), new Date(noted.noted_at).getTime()))),
        });
        if (!notice) continue;
        await repo.auditShared(tx, child.partnership_id, notice.id, child.child_id);
        await enqueue(
          tx,
          NOTICE_MAIL_QUEUE,
          { noticeId: notice.id },
          { singletonKey: `${NOTICE_MAIL_QUEUE}:${notice.id}` },
        );
        made++;
      }
    }
    return made;
  });
}

/**
 * The notice e-mail in English and Welsh, one after the other: the service does not yet know which partnerships
 * are in Wales, and a school in Wales must be written to in Welsh; an English school reads the English first.
 */
export const noticeMail = (link: string) => ({
  subject: `${label('schools.mail.subject', {}, 'en')} / ${label('schools.mail.subject', {}, 'cy')}`,
  text: [label('schools.mail.body', { link }, 'en'), label('schools.mail.body', { link }, 'cy')].join('\n\n---\n\n'),
});

/** Tells the school's contacts a notice is waiting: no name, no date, only a link behind sign-in. */
export async function sendNotice(owner: Db, mailer: Mailer, publicUrl: string, noticeId: string): Promise<void> {
  const notice = await repo.noticeForMail(owner, noticeId);
  if (!notice || notice.sent_at) return;
  const to = (await repo.contactEmails(owner, notice.school_id)).map((c) => c.email);
  // Nobody to tell is a failure, not a notice sent: the job is retried, then left failed for an operator.
  if (to.length === 0) throw new Error('the school has no active safeguarding contact');
  await mailer.send({
    to,
    ...noticeMail(`${publicUrl}/schools/notices/${noticeId}`),
  });
  await repo.markSent(owner, noticeId);
}
