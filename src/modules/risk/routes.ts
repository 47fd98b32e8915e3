import type { FastifyInstance } from 'fastify';
import { registerPages } from '../../platform/pages/register.ts';
import type { InstrumentRegistry } from './instrument.ts';
import { riskPages } from './pages.ts';
import './tables.ts';

declare module 'fastify' {
  interface FastifyInstance {
    instruments: InstrumentRegistry;
  }
}

/** The risk pages: one file per journey step, listed in pages.ts. */
export async function riskRoutes(app: FastifyInstance): Promise<void> {
  registerPages(app, riskPages);
}
