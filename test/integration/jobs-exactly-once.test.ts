import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import '../../src/modules/schools/tables.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMaracJobs } from '../../src/modules/marac/jobs.ts';
import { configureJobs, enqueue } from '../../src/platform/jobs.ts';
import { startSmtpCapture, type CapturedMail } from '../support/smtp.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

// Reminders and escalations are sent exactly once however many instances share the queue,
// and an instance killed mid-run loses and duplicates nothing: its lease runs out, another
// instance takes the job back, and the messages it had already sent are not sent again.

const RESEARCH_QUEUE = 'marac.research-reminders';
const ESCALATED_QUEUE = 'referrals.escalated-mail';

let t: TestApp;
let agencies: { id: string; recipients: string[] }[];

beforeAll(async () => {
  t = await startTestApp();
  const owner = t.dbs.owner;
  const partnership = await owner
    .selectFrom('partnership')
    .select('id')
    .orderBy('name')
    .where('name', 'like', 'Northshire%')
    .executeTakeFirstOrThrow();
  const rows = await owner
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', partnership.id)
    .orderBy('name')
    .execute();
  // Every agency has someone to tell: those with no user get a synthetic practitioner.
  for (const [n, a] of rows.entries()) {
    const has = await owner.selectFrom('app_user').select('id').where('agency_id', '=', a.id).executeTakeFirst();
    if (!has)
      await owner
        .insertInto('app_user')
        .values({
          partnership_id: partnership.id,
          agency_id: a.id,
          email: `worker.${n}@northshire.example`,
          display_name: `Worker ${n}`,
          role: 'practitioner',
        })
        .execute();
  }
  agencies = await recipientsOf(rows.map((r) => r.id));
}, 120_000);

/** Who each agency's reminders and escalations go to: its leads, or else all its active users. */
async function recipientsOf(ids: string[]) {
  const out: { id: string; recipients: string[] }[] = [];
  for (const id of ids) {
    const users = await t.dbs.owner
      .selectFrom('app_user')
      .select(['email', 'role'])
      .where('agency_id', '=', id)
      .where('active', '=', true)
      .execute();
    const leads = users.filter((u) => u.role === 'agency-lead');
    out.push({ id, recipients: (leads.length ? leads : users).map((u) => u.email).sort() });
  }
  return out;
}

afterAll(async () => {
  await t?.close();
});

/** What each expected message is known by: the link or subject that tells it apart, and its recipients. */
const keyOf = (mail: CapturedMail) => {
  const body = mail.raw.replace(/=\r?\n/g, '');
  const meeting = /\/marac\/meetings\/([0-9a-f-]{36})/.exec(body)?.[1];
  const notice = /\/schools\/notices\/([0-9a-f-]{36})/.exec(body)?.[1];
  const subject = /^Subject: (.*)$/m.exec(mail.raw)?.[1] ?? '';
  return `${meeting ?? (notice ? `notice ${notice}` : subject)}|${[...mail.to].sort().join(',')}`;
};

async function enqueueWork(meetings: string[]) {
  agencies = await recipientsOf(agencies.map((a) => a.id));
  const expected: string[] = [];
  for (const [i, meetingId] of meetings.entries()) {
    const heldOn = `2026-12-${String(10 + i).padStart(2, '0')}`;
    await enqueue(t.dbs.owner, RESEARCH_QUEUE, {
      meetingId,
      heldOn,
      agencies: agencies.map((a) => ({ agencyId: a.id, missing: 1 })),
    });
    for (const a of agencies) expected.push(`${meetingId}|${a.recipients.join(',')}`);
  }
  for (const a of agencies) {
    await enqueue(t.dbs.owner, ESCALATED_QUEUE, { agencyId: a.id, count: 2 });
    expected.push(`Referrals not picked up in time|${a.recipients.join(',')}`);
  }
  return expected;
}

/** Police abuse incidents, each with a child present at a school whose contact is told (by the schools job). */
async function policeIncidentsWithPupils(n: number) {
  const owner = t.dbs.owner;
  const police = await owner
    .selectFrom('app_user')
    .select(['id', 'agency_id', 'partnership_id'])
    .where('email', '=', 'police@northshire.example')
    .executeTakeFirstOrThrow();
  const education = await owner
    .selectFrom('agency')
    .select('id')
    .where('name', '=', 'Northshire Schools Safeguarding')
    .executeTakeFirstOrThrow();
  const contact = await owner
    .insertInto('app_user')
    .values({
      partnership_id: police.partnership_id,
      agency_id: education.id,
      email: 'dsl.elm@northshire.example',
      display_name: 'Elm Safeguarding Lead',
      role: 'practitioner',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const school = await owner
    .insertInto('school')
    .values({ partnership_id: police.partnership_id, name: 'Elm Primary School', urn: '200001', created_by: police.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('school_contact')
    .values({ school_id: school.id, partnership_id: police.partnership_id, user_id: contact.id, added_by: police.id })
    .execute();
  const person = (given: string, dob: string) =>
    owner
      .insertInto('person')
      .values({
        partnership_id: police.partnership_id,
        agency_id: police.agency_id,
        given_name: given,
        family_name: 'Fernhill',
        date_of_birth: dob,
        created_by: police.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  for (let i = 0; i < n; i++) {
    const victim = await person(`Adult${i}`, '1988-01-01');
    const child = await person(`Child${i}`, '2017-01-01');
    await owner
      .insertInto('school_pupil')
      .values({
        person_id: child.id,
        partnership_id: police.partnership_id,
        school_id: school.id,
        recorded_by: police.id,
      })
      .execute();
    const incident = await owner
      .insertInto('incident')
      .values({
        partnership_id: police.partnership_id,
        agency_id: police.agency_id,
        person_id: victim.id,
        occurred_on: '2026-11-30',
        kind: 'domestic-abuse',
        severity: 'medium',
        police_recorded: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await owner
      .insertInto('incident_involvement')
      .values({
        incident_id: incident.id,
        person_id: child.id,
        partnership_id: police.partnership_id,
        agency_id: police.agency_id,
        role: 'child',
      })
      .execute();
  }
}

describe('jobs are run exactly once', () => {
  it('single instance: a job whose runner died is taken back when its lease runs out, without resending what was sent, and the dead runner cannot put it back', async () => {
    const smtp = await startSmtpCapture();
    configureJobs({ pollSeconds: null, leaseSeconds: 2 });
    const jobs = createMaracJobs({ ...t.config, smtpUrl: smtp.url }, t.dbs.owner);
    try {
      const meetingId = randomUUID();
      const expected = (await enqueueWork([meetingId])).filter((k) => k.startsWith(meetingId));
      // The first runner sends three messages and then dies: its job stays 'running' with a lease it no longer renews.
      let sent = 0;
      let release: (accepted: boolean) => void = () => undefined;
      const dead = await startSmtpCapture({
        accept: async () => ++sent <= 3 || new Promise<boolean>((resolve) => (release = resolve)),
      });
      const dying = createMaracJobs({ ...t.config, smtpUrl: dead.url }, t.dbs.owner);
      void dying.runner.runOne();
      await until(() => sent > 3);
      // It died: nothing renews its lease now (another token), and the lease runs out.
      await sql`UPDATE background_job SET claim_token = gen_random_uuid(), claimed_until = now() - interval '1 second'
        WHERE queue = ${RESEARCH_QUEUE} AND status = 'running'`.execute(t.dbs.owner);
      expect(await jobs.runner.runDue()).toBe(1);
      const all = [...dead.messages.slice(0, 3), ...smtp.messages].map(keyOf);
      expect(dead.messages).toHaveLength(3);
      expect(smtp.messages).toHaveLength(expected.length - 3);
      expect(all.sort()).toEqual([...expected].sort());
      const job = await t.dbs.owner
        .selectFrom('background_job')
        .select(['status', 'attempts'])
        .where('queue', '=', RESEARCH_QUEUE)
        .executeTakeFirstOrThrow();
      expect(job).toEqual({ status: 'done', attempts: 2 });
      // The dead runner's send now fails; its claim is no longer the job's, so it cannot put the job back.
      release(false);
      await new Promise((resolve) => setTimeout(resolve, 500));
      dying.mailer.close();
      void dead.close();
      const after = await t.dbs.owner
        .selectFrom('background_job')
        .select(['status', 'attempts'])
        .where('queue', '=', RESEARCH_QUEUE)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ status: 'done', attempts: 2 });
    } finally {
      configureJobs({ pollSeconds: null, leaseSeconds: 300 });
      jobs.mailer.close();
      await smtp.close();
      await sql`DELETE FROM job_mail_sent`.execute(t.dbs.owner);
      await sql`DELETE FROM background_job`.execute(t.dbs.owner);
    }
  }, 60_000);

  // Two server processes can share a PostgreSQL server but not an embedded database (PGlite lives
  // inside one process), so this case exists only on the server engine; the case above is the
  // embedded engine's.
  const twoInstances = process.env.DATABASE_URL ? it : null;
  twoInstances?.(
    'two instances on one PostgreSQL server, one killed with SIGKILL mid-run: every e-mail arrives exactly once',
    async () => {
      const children: ChildProcess[] = [];
      let victim: ChildProcess | null = null;
      let killed = false;
      let accepted = 0;
      // A slow mail server, so that runs overlap; when the killed instance's tenth message arrives it is
      // never acknowledged: the instance is killed while it waits, in the middle of a job.
      const smtp = await startSmtpCapture({
        accept: async (mail) => {
          await new Promise((resolve) => setTimeout(resolve, 120));
          if (killed && mail.from.startsWith('instance-a')) return false;
          if (mail.from.startsWith('instance-a') && ++accepted === 10 && victim) {
            killed = true;
            victim.kill('SIGKILL');
            return false;
          }
          return true;
        },
      });
      const dataDir = mkdtempSync(join(tmpdir(), 'wp-jobs-'));
      const database = t.config.database;
      if (database.kind !== 'postgres') throw new Error('needs PostgreSQL');
      try {
        const ports = [await freePort(), await freePort()];
        for (const [i, name] of ['a', 'b'].entries()) {
          const port = ports[i]!;
          const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
            env: {
              PATH: process.env.PATH,
              NODE_ENV: 'development',
              PORT: String(port),
              // One address for both, as behind one load balancer: the links in their messages are the same.
              PUBLIC_URL: 'http://127.0.0.1:3000',
              DATABASE_URL: database.ownerUrl,
              DEMO_DATA: 'false',
              DATA_DIR: join(dataDir, name),
              SMTP_URL: smtp.url,
              MAIL_FROM: `instance-${name}@wholepicture.invalid`,
              JOB_POLL_SECONDS: '1',
              JOB_LEASE_SECONDS: '3',
              LOG_LEVEL: 'error',
            },
            stdio: ['ignore', 'ignore', 'inherit'],
          });
          children.push(child);
          if (name === 'a') victim = child;
        }
        for (const port of ports)
          await until(
            () =>
              fetch(`http://127.0.0.1:${port}/health`).then(
                (r) => r.ok,
                () => false,
              ),
            60_000,
          );
        const NOTICES = 6;
        await policeIncidentsWithPupils(NOTICES);
        const expected = await enqueueWork([randomUUID(), randomUUID(), randomUUID(), randomUUID()]);
        await until(() => smtp.messages.length >= expected.length + NOTICES, 90_000);
        // Long enough for a duplicate to show itself: more than a lease and a poll.
        await new Promise((resolve) => setTimeout(resolve, 6_000));
        expect(killed).toBe(true);
        const notices = await t.dbs.owner.selectFrom('school_notice').select(['id', 'sent_at']).execute();
        expect(notices).toHaveLength(NOTICES);
        expect(notices.every((n) => n.sent_at !== null)).toBe(true);
        expected.push(...notices.map((n) => `notice ${n.id}|dsl.elm@northshire.example`));
        const got = smtp.messages.map(keyOf).sort();
        expect(got).toEqual([...expected].sort());
        expect(new Set(smtp.messages.map((m) => m.from))).toEqual(
          new Set(['instance-a@wholepicture.invalid', 'instance-b@wholepicture.invalid']),
        );
        // The killed instance's job was taken back and finished by the other.
        const jobs = await t.dbs.owner
          .selectFrom('background_job')
          .select(['status', 'attempts'])
          .where('queue', 'in', [RESEARCH_QUEUE, ESCALATED_QUEUE, 'schools.notice-mail'])
          .execute();
        expect(jobs.every((j) => j.status === 'done')).toBe(true);
        expect(jobs.some((j) => j.attempts === 2)).toBe(true);
      } finally {
        for (const child of children) if (child.exitCode === null && !child.killed) child.kill('SIGTERM');
        await Promise.all(
          children.map((c) =>
            c.exitCode !== null || c.signalCode !== null
              ? undefined
              : new Promise((resolve) => c.once('exit', resolve)),
          ),
        );
        await smtp.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
