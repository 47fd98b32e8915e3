import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { publicAccess } from '../access.ts';
import { GOVUK_DIR, MOJ_DIR } from '../views/nunjucks.ts';

/** The design system's own files: fonts, images, CSS and JS (no personal data, so cacheable). */
export const assets = fp(async function assets(app: FastifyInstance) {
  await app.register(fastifyStatic, { root: GOVUK_DIR, serve: false });
  const assetRoots = [path.join(GOVUK_DIR, 'govuk', 'assets'), path.join(GOVUK_DIR, 'govuk')];
  app.get('/assets/*', { config: { access: publicAccess } }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (file.startsWith('moj/')) return reply.sendFile(file.slice(4), path.join(MOJ_DIR, 'moj'), { maxAge: '1d' });
    const root = assetRoots.find((dir) => existsSync(path.join(dir, path.normalize(file))));
    if (!root) return reply.callNotFound();
    return reply.sendFile(file, root, { maxAge: '1d' });
  });
});
