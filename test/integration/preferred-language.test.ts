import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';
import { actorByEmail } from '../support/actors.ts';
import { asActor } from '../../src/db/tenancy.ts';
import { sendInTheirLanguages, type Mailer, type MailMessage } from '../../src/platform/mail.ts';
import { tellRecordingAgencies } from '../../src/modules/access/escalation.ts';
import { label } from '../../src/platform/language/index.ts';

// A user's chosen language (migration 0150): set from the header's language links when signed in, only for
// themself, and used to write each e-mail in its recipient's language.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const languageOf = async (email: string) =>
  (
    await t.dbs.owner
      .selectFrom('app_user')
      .select('preferred_language')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
  ).preferred_language;

/** Keeps what would have been sent (the transport is SMTP's business; what is composed is ours). */
const capture = () => {
  const sent: MailMessage[] = [];
  const mailer: Mailer = { send: async (m) => void sent.push(m), close: () => undefined };
  return { sent, mailer };
};

describe('the language a user chose', () => {
  it('is English until a signed-in user chooses Welsh in the header, and follows each later choice', async () => {
    expect(await languageOf('police@northshire.example')).toBe('en');
    const client = new PageClient(t.app);
    await client.signIn('police@northshire.example');
    expect((await client.get('/language/cy?return=%2Faccount')).headers.location).toBe('/account');
    expect(await languageOf('police@northshire.example')).toBe('cy');
    expect((await client.get('/account')).body).toContain('<html lang="cy"');
    await client.get('/language/en?return=%2F');
    expect(await languageOf('police@northshire.example')).toBe('en');
  });

  it('changes only the chooser’s own row, never another user’s, and holds only a language the service offers', async () => {
    const police = await actorByEmail(t.dbs.owner, 'police@northshire.example');
    // The application's role cannot write the column for someone else, whatever it tries.
    await asActor(t.dbs.app, police, (tx) =>
      sql`UPDATE app_user SET preferred_language = 'cy' WHERE email = 'health.visitor@northshire.example'`.execute(tx),
    ).catch(() => undefined);
    expect(await languageOf('health.visitor@northshire.example')).toBe('en');
    const unknown = await asActor(t.dbs.app, police, (tx) =>
      sql<{ ok: boolean }>`SELECT set_own_preferred_language('fr') AS ok`.execute(tx),
    );
    expect(unknown.rows[0]?.ok).toBe(false);
    await expect(
      sql`UPDATE app_user SET preferred_language = 'fr' WHERE email = 'police@northshire.example'`.execute(t.dbs.owner),
    ).rejects.toThrow();
    // Without a signed-in user there is no row to change.
    const anonymous = await t.dbs.app
      .transaction()
      .execute((tx) => sql<{ ok: boolean }>`SELECT set_own_preferred_language('cy') AS ok`.execute(tx));
    expect(anonymous.rows[0]?.ok).toBe(false);
  });

  it('writes each e-mail in its recipient’s language: one message per language', async () => {
    // The police agency's lead is told (leads first).
    const lead = 'lead.police@northshire.example';
    const police = await actorByEmail(t.dbs.owner, lead);
    const tell = async () => {
      const { sent, mailer } = capture();
      await tellRecordingAgencies(t.dbs.owner, mailer, 'https://wp.example', [police.agencyId]);
      return sent;
    };
    const inEnglish = await tell();
    expect(inEnglish.map((m) => [m.to, m.subject])).toEqual([
      [[lead], 'Restricted details your agency recorded: a request was approved'],
    ]);
    await sql`UPDATE app_user SET preferred_language = 'cy' WHERE email = ${lead}`.execute(t.dbs.owner);
    const inWelsh = await tell();
    expect(inWelsh.map((m) => [m.to, m.subject])).toEqual([
      [[lead], 'Manylion cyfyngedig a gofnodwyd gan eich asiantaeth: cymeradwywyd cais'],
    ]);
    expect(inWelsh[0]!.text).toContain('https://wp.example/restricted-requests');
    expect(inWelsh[0]!.text).toContain('Nid yw’r neges hon yn enwi neb');
    await sql`UPDATE app_user SET preferred_language = 'en' WHERE email = ${lead}`.execute(t.dbs.owner);
  });

  it('sends nothing to nobody, and treats a language it does not know as English', async () => {
    const { sent, mailer } = capture();
    await sendInTheirLanguages(mailer, [], () => ({ subject: 'x', text: 'y' }));
    expect(sent).toEqual([]);
    await sendInTheirLanguages(
      mailer,
      [
        { email: 'a@example.org', language: 'fr' },
        { email: 'b@example.org', language: null },
        { email: 'c@example.org', language: 'cy' },
      ],
      () => ({ subject: label('mail.locked.subject'), text: '' }),
    );
    expect(sent.map((m) => [m.to, m.subject])).toEqual([
      [['a@example.org', 'b@example.org'], 'Your Whole Picture account has been locked for 15 minutes'],
      [['c@example.org'], 'Mae eich cyfrif Whole Picture wedi’i gloi am 15 munud'],
    ]);
  });
});
