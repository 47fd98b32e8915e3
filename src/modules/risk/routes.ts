import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';
import type { InstrumentRegistry } from './instrument.ts';
import './tables.ts';

declare module 'fastify' {
  interface FastifyInstance {
    instruments: InstrumentRegistry;
  }
}

/** The risk pages: one file per journey step. */
export async function riskRoutes(app: FastifyInstance): Promise<void> {
  registerPages(app, await pagesIn(import.meta.dirname));
}
