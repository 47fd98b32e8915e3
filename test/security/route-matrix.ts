import type { Role } from '../../src/db/schema.ts';

/**
 * The authorisation matrix: who may use every route, written independently of
 * the routes' own declarations. The test fails for a route missing here (so a
 * new route cannot ship without a decision) and for an entry with no route.
 *
 * - who: 'public', 'api' (agency credentials only), 'any' signed-in role, or the roles allowed
 * - subject: the fixture whose id fills :id (own partnership -> allowed; other partnership -> 404)
 * - audited: the page shows a person or a case, so each view must leave exactly one audit event
 * - otherAgency: what a practitioner of another agency in the same partnership gets
 */
export interface RouteRule {
  who: 'public' | 'api' | 'any' | readonly Role[];
  subject?: string;
  audited?: boolean;
  otherAgency?: 'allow' | 'deny';
  endsSession?: boolean;
}

const admin = ['administrator'] as const;
const caseworkers = ['practitioner', 'agency-lead', 'marac-coordinator', 'marac-chair'] as const;

export const ROUTE_MATRIX: Record<string, RouteRule> = {
  'GET /health': { who: 'public' },
  'GET /assets/*': { who: 'public' },
  'GET /sign-in': { who: 'public' },
  'POST /sign-in': { who: 'public' },
  'GET /sign-in/code': { who: 'public' },
  'POST /sign-in/code': { who: 'public' },
  'POST /sign-in/oidc': { who: 'public' },
  'GET /sign-in/oidc/callback': { who: 'public' },
  'POST /sign-out': { who: 'public', endsSession: true },
  'GET /signed-out': { who: 'public' },
  'GET /accessibility': { who: 'public' },
  'GET /api/v1/openapi.json': { who: 'public' },
  'GET /api/docs': { who: 'public' },
  'POST /api/v1/assessments': { who: 'api' },

  'GET /': { who: 'any' },
  'GET /account': { who: 'any' },
  'POST /account/sign-out-everywhere': { who: 'any', endsSession: true },

  'GET /admin/agencies': { who: admin },
  'GET /admin/agencies/new': { who: admin },
  'POST /admin/agencies': { who: admin },
  'GET /admin/agencies/:id/edit': { who: admin, subject: 'agency' },
  'POST /admin/agencies/:id': { who: admin, subject: 'agency' },
  'GET /admin/users': { who: admin },
  'GET /admin/users/new': { who: admin },
  'POST /admin/users': { who: admin },
  'GET /admin/users/:id/edit': { who: admin, subject: 'user', audited: true },
  'POST /admin/users/:id': { who: admin, subject: 'user' },
  'GET /admin/api-credentials': { who: admin },
  'POST /admin/api-credentials': { who: admin },

  // Any trained practitioner in any agency records the common checklist; within a
  // partnership a completed checklist is shared (issue #6 narrows this by sharing level).
  'GET /assessments/new': { who: 'any' },
  'POST /assessments': { who: 'any' },
  'GET /assessments/:id/checklist': { who: 'any', subject: 'draft', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/checklist': { who: 'any', subject: 'draft', otherAgency: 'allow' },
  'GET /assessments/:id/judgement': { who: 'any', subject: 'draft', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/judgement': { who: 'any', subject: 'draft', otherAgency: 'allow' },
  'GET /assessments/:id': { who: 'any', subject: 'assessment', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/referral': { who: 'any', subject: 'assessment', otherAgency: 'allow' },

  // Restricted details: any agency may open the page for a person in its partnership; row-level
  // security shows each detail only to its recording and named agencies (see test/integration/access.test.ts).
  'GET /restricted-details/:id': { who: 'any', subject: 'person', audited: true, otherAgency: 'allow' },
  'POST /restricted-details/:id': { who: 'any', subject: 'person', otherAgency: 'allow' },
  'GET /break-glass/:id': { who: 'any', subject: 'person', audited: false, otherAgency: 'allow' },
  'POST /break-glass/:id': { who: 'any', subject: 'person', otherAgency: 'allow' },
  'GET /break-glass-reviews': { who: ['agency-lead'] },
  'POST /break-glass-reviews/:id': { who: ['agency-lead'], subject: 'grant' },
  'GET /access-log/:id': { who: ['agency-lead'], subject: 'person', audited: true },
  'GET /access-alerts': { who: ['agency-lead'] },
  'GET /access-log/:id/report.csv': { who: ['agency-lead'], subject: 'person', audited: true },
  'GET /sharing-decisions/:id': { who: 'any', subject: 'person', audited: true, otherAgency: 'allow' },
  'POST /sharing-decisions/:id': { who: 'any', subject: 'person', otherAgency: 'allow' },
  'GET /exports/checklists.csv': { who: 'any' },
  // After the checklist (issue #3): household, each child's matrix, next-step outcomes and plans. Those
  // who work with victims read them; only practitioners of the agency that completed the checklist
  // record them (the route admits practitioners, the service and row-level security the agency).
  'GET /assessments/:id/household': { who: caseworkers, subject: 'draft', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/household': { who: ['practitioner'], subject: 'draft', otherAgency: 'deny' },
  'POST /assessments/:id/household/remove': { who: ['practitioner'], subject: 'draft', otherAgency: 'deny' },
  'GET /assessments/:id/children': { who: caseworkers, subject: 'assessment', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/children': { who: ['practitioner'], subject: 'assessment', otherAgency: 'deny' },
  'GET /assessments/:id/next-steps': { who: caseworkers, subject: 'assessment', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/next-steps': { who: ['practitioner'], subject: 'assessment', otherAgency: 'deny' },
  'GET /assessments/:id/risk-management-plan': { who: caseworkers, subject: 'assessment', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/risk-management-plan': { who: ['practitioner'], subject: 'assessment', otherAgency: 'deny' },
  'GET /assessments/:id/safety-plan': { who: caseworkers, subject: 'assessment', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/safety-plan': { who: ['practitioner'], subject: 'assessment', otherAgency: 'deny' },
  'GET /admin/risk-settings': { who: admin },
  'POST /admin/risk-settings/escalation': { who: admin },
  'POST /admin/risk-settings/response': { who: admin },
  'GET /admin/retention': { who: admin },
  'POST /admin/retention/period': { who: admin },
  'POST /admin/retention/apply': { who: admin },
};
