import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { publicAccess } from '../access.ts';
import { GOVUK_DIR, MOJ_DIR } from '../views/nunjucks.ts';
import { assetFile } from './input-guards.ts';

/** The design system's own files: fonts, images, CSS and JS (no personal data, so cacheable). */
export const assets = fp(async function assets(app: FastifyInstance) {
  await app.register(fastifyStatic, { root: GOVUK_DIR, serve: false });
  const assetRoots = [path.join(GOVUK_DIR, 'govuk', 'assets'), path.join(GOVUK_DIR, 'govuk')];
  app.get('/assets/*', { config: { access: publicAccess } }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    // One 404 for a missing file and a traversal alike: no oracle for what exists outside the assets.
    const roots = file.startsWith('moj/')
      ? [[path.join(MOJ_DIR, 'moj'), file.slice(4)] as const]
      : assetRoots.map((dir) => [dir, file] as const);
    for (const [root, name] of roots) {
      const found = assetFile(root, name);
      if (found) return reply.sendFile(found, root, { maxAge: '1d' });
    }
    return reply.callNotFound();
  });
});
