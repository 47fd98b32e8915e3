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
  /** the fixture whose id fills :caseId */
  caseSubject?: string;
  audited?: boolean;
  /** only the agency that owns the record may use it (fixtures: Northshire health, whose only demo user is the practitioner); others get 404 */
  ownerAgencyOnly?: boolean;
  /** the fixture the audit event names, when it is not the :id one (the chair's view audits the case) */
  auditSubject?: string;
  otherAgency?: 'allow' | 'deny';
  endsSession?: boolean;
}

const admin = ['administrator'] as const;
const coordinator = ['marac-coordinator'] as const;
const caseworkers = ['practitioner', 'agency-lead', 'marac-coordinator', 'marac-chair'] as const;

export const ROUTE_MATRIX: Record<string, RouteRule> = {
  'GET /health': { who: 'public' },
  'GET /assets/*': { who: 'public' },
  'GET /sign-in': { who: 'public' },
  'GET /language/:code': { who: 'public', audited: false },
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
  'GET /account/set-up': { who: 'public' },
  'POST /account/set-up': { who: 'public' },
  'GET /account/password': { who: 'any' },
  'POST /account/password': { who: 'any' },
  'GET /account/authenticator': { who: 'any' },
  'POST /account/authenticator': { who: 'any' },

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
  'POST /admin/users/:id/reset': { who: admin, subject: 'user' },
  'POST /admin/role-changes/:id/approve': { who: admin, subject: 'role-change' },
  'POST /admin/role-changes/:id/refuse': { who: admin, subject: 'role-change-to-refuse' },
  'GET /admin/api-credentials': { who: admin },
  'POST /admin/api-credentials': { who: admin },
  'POST /admin/api-credentials/:id/revoke': { who: admin, subject: 'api-credential-to-revoke' },
  'POST /admin/api-credentials/:id/rotate': { who: admin, subject: 'api-credential' },

  // Any trained practitioner in any agency records the common checklist; within a
  // partnership a completed checklist is shared (the access model narrows this by sharing level).
  'GET /assessments/new': { who: 'any' },
  'POST /assessments': { who: 'any' },
  'GET /assessments/:id/checklist': { who: 'any', subject: 'draft', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/checklist': { who: 'any', subject: 'draft', otherAgency: 'allow' },
  'GET /assessments/:id/judgement': { who: 'any', subject: 'draft', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/judgement': { who: 'any', subject: 'draft', otherAgency: 'allow' },
  'GET /assessments/:id': { who: 'any', subject: 'assessment', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/referral': { who: 'any', subject: 'assessment', otherAgency: 'allow' },

  // Restricted details: any agency may open the page for a person in its partnership; row-level security
  // shows each detail only to its recording agency and the agencies, teams and people it names (see
  // test/integration/restricted-details.test.ts). Only case-working roles record, ask, decide or break glass.
  'GET /restricted-details/:id': { who: 'any', subject: 'person', audited: true, otherAgency: 'allow' },
  'POST /restricted-details/:id': { who: caseworkers, subject: 'person', otherAgency: 'allow' },
  'POST /restricted-details/:id/requests': { who: caseworkers, subject: 'person', otherAgency: 'allow' },
  'GET /restricted-details/:id/approved': { who: caseworkers, subject: 'person', audited: true, otherAgency: 'allow' },
  'GET /restricted-requests': { who: caseworkers },
  'POST /restricted-requests/:id': { who: caseworkers, subject: 'restrictedRequest' },
  'GET /break-glass/:id': { who: caseworkers, subject: 'person', audited: true, otherAgency: 'allow' },
  'POST /break-glass/:id': { who: caseworkers, subject: 'person', otherAgency: 'allow' },
  'GET /break-glass-reviews': { who: caseworkers },
  'POST /break-glass-reviews/:id': { who: caseworkers, subject: 'grant' },
  'POST /break-glass-reviews/:id/approval': { who: caseworkers, subject: 'grant' },
  'GET /our-records-opened': { who: caseworkers },
  'GET /admin/teams': { who: admin },
  'POST /admin/teams': { who: admin },
  'GET /admin/teams/:id': { who: admin, subject: 'team', audited: false },
  'POST /admin/teams/:id/members': { who: admin, subject: 'team' },
  'POST /admin/teams/:id/members/remove': { who: admin, subject: 'team' },
  'POST /admin/safeguarding-reviewer': { who: admin },
  'GET /access-log/:id': { who: ['agency-lead'], subject: 'person', audited: true },
  'GET /access-alerts': { who: ['agency-lead'] },
  'GET /access-log/:id/report.csv': { who: ['agency-lead'], subject: 'person', audited: true },
  'GET /access-log/:id/report.xlsx': { who: ['agency-lead'], subject: 'person', audited: true },
  'GET /sharing-decisions/:id': { who: 'any', subject: 'person', audited: true, otherAgency: 'allow' },
  'POST /sharing-decisions/:id': { who: 'any', subject: 'person', otherAgency: 'allow' },
  'GET /exports/checklists.csv': { who: 'any' },
  'GET /exports/checklists.xlsx': { who: 'any' },
  // After the checklist: household, each child's matrix, next-step outcomes and plans. Those
  // who work with victims read them; only practitioners of the agency that completed the checklist
  // record them (the route admits practitioners, the service and row-level security the agency).
  'GET /assessments/:id/household': { who: caseworkers, subject: 'draft', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/household': { who: ['practitioner'], subject: 'draft', otherAgency: 'deny' },
  'POST /assessments/:id/household/remove': { who: ['practitioner'], subject: 'draft', otherAgency: 'deny' },
  'GET /assessments/:id/children': { who: caseworkers, subject: 'assessment', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/children': { who: ['practitioner'], subject: 'assessment', otherAgency: 'deny' },
  'GET /assessments/:id/next-steps': { who: caseworkers, subject: 'assessment', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/next-steps': { who: ['practitioner'], subject: 'assessment', otherAgency: 'deny' },
  'GET /assessments/:id/risk-management-plan': {
    who: caseworkers,
    subject: 'assessment',
    audited: true,
    otherAgency: 'allow',
  },
  'POST /assessments/:id/risk-management-plan': { who: ['practitioner'], subject: 'assessment', otherAgency: 'deny' },
  'GET /assessments/:id/safety-plan': { who: caseworkers, subject: 'assessment', audited: true, otherAgency: 'allow' },
  'POST /assessments/:id/safety-plan': { who: ['practitioner'], subject: 'assessment', otherAgency: 'deny' },
  'GET /admin/risk-settings': { who: admin },
  'POST /admin/risk-settings/escalation': { who: admin },
  'POST /admin/risk-settings/response': { who: admin },
  // MARAC. Meetings, agendas, research and minutes are for the agencies attending, the
  // chair and the coordinator: the fixture meeting is attended by the partnership team, police and
  // health, so every demo role attends and Northshire Housing (the "other agency") does not.
  'GET /marac': { who: 'any' },
  'GET /marac/referrals': { who: coordinator },
  'GET /marac/referrals/new': { who: 'any' },
  'POST /marac/referrals': { who: 'any' },
  'GET /marac/referrals/:id': { who: coordinator, subject: 'maracReferral', audited: true },
  'POST /marac/referrals/:id/accept': { who: coordinator, subject: 'maracReferral' },
  'POST /marac/referrals/:id/decline': { who: coordinator, subject: 'maracReferral' },
  'GET /marac/my-referrals': { who: 'any' },
  'GET /marac/meetings': { who: 'any' },
  'GET /marac/meetings/new': { who: coordinator },
  'POST /marac/meetings': { who: coordinator },
  'GET /marac/meetings/:id': { who: 'any', subject: 'maracMeeting', audited: true, otherAgency: 'deny' },
  'GET /marac/meetings/:id/minutes': { who: 'any', subject: 'maracMeeting', audited: true, otherAgency: 'deny' },
  'POST /marac/meetings/:id/assign': { who: coordinator, subject: 'maracMeeting' },
  'GET /marac/meetings/:id/completeness': { who: coordinator, subject: 'maracMeeting', audited: true },
  'POST /marac/meetings/:id/research-reminders': { who: coordinator, subject: 'maracMeeting' },
  'POST /marac/meetings/:id/held': { who: coordinator, subject: 'maracMeeting' },
  'GET /marac/meetings/:id/cases/:caseId/research': {
    who: 'any',
    subject: 'maracMeeting',
    caseSubject: 'maracCase',
    audited: true,
    otherAgency: 'deny',
  },
  'POST /marac/meetings/:id/cases/:caseId/research': {
    who: 'any',
    subject: 'maracMeeting',
    caseSubject: 'maracCase',
    otherAgency: 'deny',
  },
  'GET /marac/meetings/:id/cases/:caseId': {
    who: ['marac-coordinator', 'marac-chair'],
    subject: 'maracMeeting',
    caseSubject: 'maracCase',
    audited: true,
    auditSubject: 'maracCase',
  },
  'POST /marac/meetings/:id/cases/:caseId/discussion': {
    who: ['marac-coordinator', 'marac-chair'],
    subject: 'maracMeeting',
    caseSubject: 'maracCase',
  },
  'POST /marac/meetings/:id/cases/:caseId/actions': {
    who: ['marac-coordinator', 'marac-chair'],
    subject: 'maracMeeting',
    caseSubject: 'maracCase',
  },
  'GET /marac/actions': { who: 'any' },
  'POST /marac/actions/:id/complete': {
    who: 'any',
    subject: 'maracAction',
    otherAgency: 'deny',
    ownerAgencyOnly: true,
  },
  'GET /marac/repeats': { who: coordinator },
  'POST /marac/repeats/:id/seen': { who: coordinator, subject: 'repeatFlag' },
  'GET /marac/cases': { who: coordinator },
  'GET /marac/cases/:id': { who: coordinator, subject: 'maracCase', audited: true },
  'POST /marac/cases/:id/close': { who: coordinator, subject: 'maracCase' },
  'POST /marac/cases/:id/transfer': { who: coordinator, subject: 'maracCase' },
  'GET /marac/transfers': { who: coordinator },
  'GET /marac/transfers/:id': { who: coordinator, subject: 'transferIn', audited: true },
  'POST /marac/transfers/:id/accept': { who: coordinator, subject: 'transferIn' },
  'GET /marac/return': { who: ['marac-coordinator', 'partnership-analyst'] },
  'GET /marac/return.csv': { who: ['marac-coordinator', 'partnership-analyst'] },
  'GET /marac/return.xlsx': { who: ['marac-coordinator', 'partnership-analyst'] },
  'POST /marac/population': { who: coordinator },
  // People, incidents and one chronology: those who work with cases find people and see the
  // whole picture; practitioners, leads and the coordinator decide links; practitioners and leads import.
  'GET /people/search': { who: [...caseworkers, 'partnership-analyst'] },
  'POST /people/search': { who: [...caseworkers, 'partnership-analyst'] },
  'GET /people/matches': { who: [...caseworkers, 'partnership-analyst'] },
  'GET /people/matches/:id': {
    who: [...caseworkers, 'partnership-analyst'],
    subject: 'link',
    audited: true,
    otherAgency: 'allow',
  },
  'POST /people/matches/:id': {
    who: ['practitioner', 'marac-coordinator', 'agency-lead'],
    subject: 'link',
    otherAgency: 'allow',
  },
  'GET /people/import': { who: ['practitioner', 'agency-lead'] },
  'POST /people/import': { who: ['practitioner', 'agency-lead'] },
  'GET /admin/perpetrator-signals': { who: admin },
  'POST /admin/perpetrator-signals': { who: admin },
  // A background import's progress and report: the sending agency only (ids and problems, never names).
  'GET /people/imports/:id': {
    who: ['practitioner', 'agency-lead'],
    subject: 'importRun',
    audited: false,
    ownerAgencyOnly: true,
    otherAgency: 'deny',
  },
  'POST /api/v1/incidents/import': { who: 'api' },
  'GET /api/v1/incidents/imports/:id': { who: 'api', subject: 'importRun', audited: false },
  'GET /people/:id': {
    who: [...caseworkers, 'partnership-analyst'],
    subject: 'person',
    audited: true,
    otherAgency: 'allow',
  },
  'GET /people/:id/household': {
    who: [...caseworkers, 'partnership-analyst'],
    subject: 'person',
    audited: true,
    otherAgency: 'allow',
  },
  'GET /admin/retention': { who: admin },
  'POST /admin/retention/period': { who: admin },
  'POST /admin/retention/apply': { who: admin },
  // Referrals between services: practitioners and leads make them from a checklist of their own agency;
  // only the referring and receiving agencies see one (the fixture: police to Northshire health), and only
  // the receiving agency's practitioners and leads decide it.
  'POST /api/v1/referrals': { who: 'api' },
  'POST /api/v1/incidents': { who: 'api' },
  'GET /admin/contact-kinds': { who: admin },
  'GET /admin/referral-response-times': { who: admin },
  'POST /admin/referral-response-times': { who: admin },
  // One incident or contact, cut to the viewer's level (the fixture: Northshire health's, about its own record).
  'GET /incidents/:id': { who: caseworkers, subject: 'incident', audited: true },
  // Recording one on a page: find the person, then one form against the agency's own record (others: 404).
  'GET /incidents/new': { who: ['practitioner', 'agency-lead'] },
  'POST /incidents/new': { who: ['practitioner', 'agency-lead'] },
  'GET /incidents/new/:id': {
    who: ['practitioner', 'agency-lead'],
    subject: 'person',
    audited: true,
    ownerAgencyOnly: true,
    otherAgency: 'deny',
  },
  'POST /incidents/new/:id': { who: ['practitioner', 'agency-lead'], subject: 'person', ownerAgencyOnly: true },
  'POST /admin/contact-kinds': { who: admin },
  'GET /referrals': { who: ['practitioner', 'agency-lead'] },
  'GET /referrals/new': { who: ['practitioner', 'agency-lead'] },
  'POST /referrals': { who: ['practitioner', 'agency-lead'] },
  'GET /referrals/:id': {
    who: ['practitioner', 'agency-lead'],
    subject: 'referral',
    audited: true,
    otherAgency: 'deny',
  },
  'POST /referrals/:id/accept': {
    who: ['practitioner', 'agency-lead'],
    subject: 'referral',
    ownerAgencyOnly: true,
    otherAgency: 'deny',
  },
  // Worklists: an agency's own items (lead-only items to its lead); the fixture is an item on Northshire health's list.
  // The MARAC coordinator has a list of its own (criteria met with no referral), not the agencies' items.
  'GET /worklist': { who: ['practitioner', 'agency-lead', 'marac-coordinator'] },
  'GET /admin/worklist-settings': { who: admin },
  'POST /admin/worklist-settings': { who: admin },
  'GET /worklist/:id': {
    who: ['practitioner', 'agency-lead', 'marac-coordinator'],
    subject: 'worklistItem',
    audited: true,
    ownerAgencyOnly: true,
    otherAgency: 'deny',
  },
  'POST /worklist/:id/close': {
    who: ['practitioner', 'agency-lead', 'marac-coordinator'],
    subject: 'worklistItem',
    ownerAgencyOnly: true,
    otherAgency: 'deny',
  },
  'POST /referrals/:id/decline': {
    who: ['practitioner', 'agency-lead'],
    subject: 'referral',
    ownerAgencyOnly: true,
    otherAgency: 'deny',
  },
  // Schools: the partnership's list (administrators); a child's school (who works with the child); notices,
  // read only by the school's own contacts (the fixture's contact is the Northshire practitioner).
  'GET /admin/schools': { who: admin },
  'POST /admin/schools': { who: admin },
  'GET /admin/schools/:id': { who: admin, subject: 'school', audited: false },
  'POST /admin/schools/:id/contacts': { who: admin, subject: 'school' },
  'POST /admin/schools/:id/contacts/remove': { who: admin, subject: 'school' },
  'GET /schools/children/:id': { who: ['practitioner', 'agency-lead'], subject: 'person', audited: true },
  'POST /schools/children/:id': { who: ['practitioner', 'agency-lead'], subject: 'person' },
  'GET /schools/notices': { who: ['practitioner', 'agency-lead'] },
  // Handover: a worker's own work; a lead's for a user of their agency (the fixture user is another agency's,
  // so the police lead gets a 404); the administrator's, for anyone in the partnership.
  'GET /handover': { who: ['practitioner', 'agency-lead'] },
  'POST /handover': { who: ['practitioner', 'agency-lead'] },
  'GET /handover/users/:id': { who: ['agency-lead'], subject: 'user', audited: false, ownerAgencyOnly: true },
  'GET /admin/users/:id/handover': { who: admin, subject: 'user', audited: false },
  'POST /admin/users/:id/handover': { who: admin, subject: 'user' },
  'POST /handover/users/:id': { who: ['agency-lead'], subject: 'user', ownerAgencyOnly: true },
  'GET /schools/notices/:id': {
    who: ['practitioner', 'agency-lead'],
    subject: 'schoolNotice',
    audited: true,
    ownerAgencyOnly: true,
    otherAgency: 'deny',
  },
};
