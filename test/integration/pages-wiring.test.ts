import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import { z } from 'zod';
import type { AuditEntry } from '../../src/platform/audit.ts';
import { anySignedIn } from '../../src/platform/access.ts';
import { definePage } from '../../src/platform/pages/page.ts';
import { registerPages } from '../../src/platform/pages/register.ts';
import { notFound, redirect, refused, table, view } from '../../src/platform/pages/results.ts';

// The shared page wiring on its own: a bare app with a recording audit log and a page renderer
// that returns the template and model as JSON, so each rule is seen directly.

const KNOWN = '6f1c2a4e-0b7d-4c1e-9a55-3d2f8e7b9c10';
const actor = { userId: 'u1', agencyId: 'a1', partnershipId: 'p1', role: 'practitioner' };
let app: FastifyInstance;
let events: AuditEntry[] = [];

const thing = definePage({
  path: '/things/:id',
  access: anySignedIn,
  params: z.object({ id: z.uuid() }),
  audit: { action: 'thing.view', subjectType: 'thing' },
  get: async ({ params, query }) =>
    query.refuse ? refused('Not yours') : params.id === KNOWN ? view('thing.njk', { id: params.id }) : notFound(),
  post: {
    audit: { action: 'thing.rename', subjectType: 'thing' },
    schema: z.object({
      name: z.string().min(1, 'Enter the name'),
      size: z.coerce.number({ error: 'Enter the size, like 3' }),
    }),
    invalid: async ({ params }, form) => view('thing.njk', { id: params.id, ...form }),
    handle: async ({ params }, v) => redirect(`/things/${params.id}?renamed=${v.name}`),
  },
});
const newThing = definePage({
  path: '/things',
  access: anySignedIn,
  audit: { action: 'thing.create', subjectType: 'thing' },
  post: async () => redirect(`/things/${KNOWN}`, { subjectId: KNOWN }),
});
// A decision whose action depends on the answer, and a page shown that did not do what was asked.
const decideThing = definePage({
  path: '/things/:id/decision',
  access: anySignedIn,
  params: z.object({ id: z.uuid() }),
  audit: { action: 'thing.decide', subjectType: 'thing' },
  get: async ({ params }) => view('thing.njk', { id: params.id, used: true }, { outcome: 'failure' }),
  post: async ({ query }) =>
    query.about ? redirect('/things', { action: `thing.${query.choice}`, subjectId: query.about }) : notFound(),
});
const ownThings = definePage({
  path: '/things.csv',
  access: anySignedIn,
  audit: { action: 'thing.export', subjectType: 'agency', subjectId: (_params, a) => a.agencyId },
  get: async () => table([['name'], ['a thing']], { format: 'csv', filename: 'things', sheet: 'Things' }),
});

beforeAll(async () => {
  app = Fastify();
  await app.register(formbody);
  app.decorate('audit', {
    record: async (_request: unknown, entry: AuditEntry) => {
      events.push(entry);
      return events.length;
    },
  } as never);
  app.decorate('dbs', { app: null, owner: null } as never);
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    request.actor = actor as never;
  });
  app.decorateReply('page', function (this: FastifyReply, template: string, model: Record<string, unknown> = {}) {
    return this.type('application/json').send({ template, model });
  });
  registerPages(app, [thing, newThing, ownThings, decideThing]);
  await app.ready();
});
afterAll(async () => app?.close());
beforeEach(() => {
  events = [];
});

const post = (url: string, form: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('the page wiring', () => {
  it('treats a malformed id as not found, audited as a failure naming nothing', async () => {
    for (const r of [
      await app.inject(`/things/not-an-id`),
      await post('/things/not-an-id', { name: 'x', size: '1' }),
    ]) {
      expect(r.statusCode).toBe(404);
    }
    expect(events).toEqual([
      { action: 'thing.view', subjectType: 'thing', subjectId: null, outcome: 'failure' },
      { action: 'thing.rename', subjectType: 'thing', subjectId: null, outcome: 'failure' },
    ]);
  });

  it('writes exactly one audit event per request, its outcome from the result', async () => {
    expect((await app.inject(`/things/${KNOWN}`)).statusCode).toBe(200);
    expect((await app.inject('/things/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await app.inject(`/things/${KNOWN}?refuse=1`)).statusCode).toBe(403);
    expect(events.map((e) => [e.subjectId, e.outcome])).toEqual([
      [KNOWN, 'success'],
      ['00000000-0000-4000-8000-000000000000', 'failure'],
      [KNOWN, 'denied'],
    ]);
  });

  it('sends an invalid form back with status 400, the error summary and the answers kept, and audits the attempt as a failure', async () => {
    const r = await post(`/things/${KNOWN}`, { name: '  ', size: 'lots' });
    expect(r.statusCode).toBe(400);
    const { model } = r.json() as { model: Record<string, unknown> };
    expect(model.errorList).toEqual([
      { text: 'Enter the name', href: '#name' },
      { text: 'Enter the size, like 3', href: '#size' },
    ]);
    expect(model.errors).toEqual({ name: { text: 'Enter the name' }, size: { text: 'Enter the size, like 3' } });
    expect(model.values).toEqual({ name: '', size: 'lots' });
    expect(events).toEqual([{ action: 'thing.rename', subjectType: 'thing', subjectId: KNOWN, outcome: 'failure' }]);
  });

  it('passes a valid form to the handler, parsed, and audits the POST with its own action', async () => {
    const r = await post(`/things/${KNOWN}`, { name: ' Lamp ', size: '3' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/things/${KNOWN}?renamed=Lamp`);
    expect(events).toEqual([{ action: 'thing.rename', subjectType: 'thing', subjectId: KNOWN, outcome: 'success' }]);
  });

  it('names the record a result creates, or the one the declaration derives from the actor', async () => {
    await post('/things', {});
    const csv = await app.inject('/things.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="things.csv"');
    expect(events.map((e) => [e.action, e.subjectId])).toEqual([
      ['thing.create', KNOWN],
      ['thing.export', 'a1'],
    ]);
  });

  it('lets a result name the action and the subject, or mark a page shown as a failed read', async () => {
    expect((await post(`/things/${KNOWN}/decision?choice=approve&about=${KNOWN}`, {})).statusCode).toBe(303);
    expect((await app.inject(`/things/${KNOWN}/decision`)).statusCode).toBe(200);
    expect((await post(`/things/${KNOWN}/decision`, {})).statusCode).toBe(404);
    expect(events).toEqual([
      { action: 'thing.approve', subjectType: 'thing', subjectId: KNOWN, outcome: 'success' },
      { action: 'thing.decide', subjectType: 'thing', subjectId: KNOWN, outcome: 'failure' },
      { action: 'thing.decide', subjectType: 'thing', subjectId: KNOWN, outcome: 'failure' },
    ]);
  });
});
