import type { FastifyInstance } from 'fastify';
import { pagesIn } from '../../platform/pages/discover.ts';
import { registerPages } from '../../platform/pages/register.ts';
import { referralJobsOf } from './jobs.ts';

// Referrals between services: the referrer makes one from a checklist's next step; the receiving
// agency's practitioners and leads see it in their queue and accept or decline it.
export async function referralRoutes(app: FastifyInstance): Promise<void> {
  referralJobsOf(app, { start: true }); // the schedule that escalates referrals nobody picked up
  registerPages(app, await pagesIn(import.meta.dirname));
}
