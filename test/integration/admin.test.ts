import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { PageClient } from '../support/http-client.ts';

let t: TestApp;
let admin: PageClient;
beforeAll(async () => {
  t = await startTestApp();
  admin = new PageClient(t.app);
  await admin.signIn('admin@northshire.example');
});
afterAll(async () => t?.close());

const agencyCount = async () =>
  Number(
    (
      await t.dbs.owner
        .selectFrom('agency')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('administration of agencies and users', () => {
  it('is refused to every role but administrator', async () => {
    const practitioner = new PageClient(t.app);
    await practitioner.signIn('police@northshire.example');
    for (const url of ['/admin/agencies', '/admin/agencies/new', '/admin/users', '/admin/users/new']) {
      expect((await practitioner.get(url)).statusCode, url).toBe(403);
    }
    await practitioner.get('/account');
    expect((await practitioner.post('/admin/agencies', { name: 'Sneaky Agency', kind: 'other' })).statusCode).toBe(403);
  });

  it('keeps the answers and saves nothing when an agency form is wrong', async () => {
    const before = await agencyCount();
    await admin.get('/admin/agencies/new');
    const response = await admin.post('/admin/agencies', { name: 'X', kind: 'spaceship' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Enter the agency name');
    expect(response.body).toContain('Select the type of agency');
    expect(response.body).toContain('value="X"');
    expect(await agencyCount()).toBe(before);
  });

  it('adds an agency, and refuses a duplicate name beside the field', async () => {
    await admin.get('/admin/agencies/new');
    const created = await admin.post('/admin/agencies', { name: 'Northshire Women’s Aid', kind: 'refuge-voluntary' });
    expect(created.headers.location).toBe('/admin/agencies');
    expect((await admin.get('/admin/agencies')).body).toContain('Northshire Women’s Aid');
    await admin.get('/admin/agencies/new');
    const duplicate = await admin.post('/admin/agencies', { name: 'Northshire Women’s Aid', kind: 'other' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('An agency with this name already exists');
  });

  it('adds a user by invitation: the administrator sees no password, key or link', async () => {
    const form = await admin.get('/admin/users/new');
    const agencyId = /<option value="([0-9a-f-]{36})">Northshire Housing<\/option>/.exec(form.body)?.[1];
    expect(agencyId).toBeDefined();
    const bad = await admin.post('/admin/users', {
      displayName: 'Dana Doe',
      email: 'dana@',
      agencyId: agencyId!,
      role: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an email address in the correct format');
    expect(bad.body).toContain('Select a role');
    expect(bad.body).toContain('value="Dana Doe"');
    const good = await admin.post('/admin/users', {
      displayName: 'Dana Doe',
      email: 'Dana.Doe@Northshire.example',
      agencyId: agencyId!,
      role: 'practitioner',
    });
    expect(good.statusCode).toBe(200);
    expect(good.body).toContain('Invitation sent');
    expect(good.body).not.toContain('totp-secret');
    expect(good.body).not.toContain('/account/set-up');
    const stored = await t.dbs.owner
      .selectFrom('app_user')
      .select(['role', 'agency_id', 'password_hash', 'totp_secret'])
      .where('email', '=', 'dana.doe@northshire.example')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ role: 'practitioner', agency_id: agencyId, password_hash: null, totp_secret: null });
  });

  it('cannot place a user in another partnership’s agency', async () => {
    const southvaleAgency = await t.dbs.owner
      .selectFrom('agency')
      .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
      .select('agency.id')
      .where('partnership.code', '=', 'southvale')
      .executeTakeFirstOrThrow();
    await admin.get('/admin/users/new');
    const response = await admin.post('/admin/users', {
      displayName: 'Eve Intruder',
      email: 'eve@northshire.example',
      agencyId: southvaleAgency.id,
      role: 'administrator',
    });
    expect(response.statusCode).toBe(400);
    expect(
      await t.dbs.owner
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', 'eve@northshire.example')
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});
