import { sql, type Kysely } from 'kysely';

// Jobs that survive a crashed instance, and mail that is never sent twice.
//
// A claimed job holds a lease (claimed_until) that its runner renews while it
// runs. An instance killed mid-run stops renewing, its lease runs out and
// another instance claims the job again; the claim token stops a runner whose
// lease ran out from recording the outcome of a job someone else now holds.
//
// A job run again after a crash must not send again what it had already sent:
// each message a job sends is recorded by its key (the job and what the message
// says), and a message whose key is recorded is not sent a second time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
ALTER TABLE background_job
  ADD COLUMN claimed_until timestamptz,
  ADD COLUMN claim_token uuid;
CREATE INDEX background_job_lease ON background_job (claimed_until) WHERE status = 'running';

CREATE TABLE job_mail_sent (
  job_id bigint NOT NULL REFERENCES background_job(id),
  message_key text NOT NULL CHECK (length(message_key) = 64),
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, message_key)
);
ALTER TABLE job_mail_sent ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_mail_sent FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON job_mail_sent TO CURRENT_USER USING (true) WITH CHECK (true);
`.execute(db);
}
