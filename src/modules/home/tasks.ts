import type { Role } from '../../db/schema.ts';

export interface Task {
  /** A catalogue key: the words are put into the page's language by the home presenter. */
  text: string;
  href: string;
}

/**
 * What each role most often comes to do, in order: the first is the home page's
 * start button, the next two its other buttons, the rest links below them.
 */
export const TASKS_BY_ROLE: Record<Role, Task[]> = {
  practitioner: [
    { text: 'home.task.assessments-new', href: '/assessments/new' },
    { text: 'home.task.incidents-new', href: '/incidents/new' },
    { text: 'home.task.marac-referrals-new', href: '/marac/referrals/new' },
    { text: 'home.task.marac-meetings-research', href: '/marac/meetings' },
    { text: 'home.task.people-search', href: '/people/search' },
    { text: 'home.task.marac-actions', href: '/marac/actions' },
    { text: 'home.task.marac-my-referrals', href: '/marac/my-referrals' },
    { text: 'home.task.people-matches', href: '/people/matches' },
    { text: 'home.task.people-import', href: '/people/import' },
    { text: 'home.task.marac', href: '/marac' },
  ],
  'marac-coordinator': [
    { text: 'home.task.marac-referrals', href: '/marac/referrals' },
    { text: 'home.task.marac-meetings', href: '/marac/meetings' },
    { text: 'home.task.marac-meetings-new', href: '/marac/meetings/new' },
    { text: 'home.task.marac-cases', href: '/marac/cases' },
    { text: 'home.task.marac-actions-all', href: '/marac/actions' },
    { text: 'home.task.marac-repeats', href: '/marac/repeats' },
    { text: 'home.task.marac-transfers', href: '/marac/transfers' },
    { text: 'home.task.marac-return', href: '/marac/return' },
    { text: 'home.task.people-matches', href: '/people/matches' },
  ],
  'marac-chair': [
    { text: 'home.task.marac-meetings', href: '/marac/meetings' },
    { text: 'home.task.people-search', href: '/people/search' },
    { text: 'home.task.assessments-new', href: '/assessments/new' },
    { text: 'home.task.marac-actions', href: '/marac/actions' },
    { text: 'home.task.people-matches', href: '/people/matches' },
    { text: 'home.task.marac', href: '/marac' },
  ],
  'agency-lead': [
    { text: 'home.task.break-glass-reviews', href: '/break-glass-reviews' },
    { text: 'home.task.access-alerts', href: '/access-alerts' },
    { text: 'home.task.assessments-new', href: '/assessments/new' },
    { text: 'home.task.incidents-new', href: '/incidents/new' },
    { text: 'home.task.marac-actions', href: '/marac/actions' },
    { text: 'home.task.people-search', href: '/people/search' },
    { text: 'home.task.people-matches', href: '/people/matches' },
    { text: 'home.task.people-import', href: '/people/import' },
    { text: 'home.task.marac', href: '/marac' },
  ],
  'partnership-analyst': [
    { text: 'home.task.marac-return', href: '/marac/return' },
    { text: 'home.task.exports-checklists-csv', href: '/exports/checklists.csv' },
    { text: 'home.task.people-search', href: '/people/search' },
    { text: 'home.task.exports-checklists-xlsx', href: '/exports/checklists.xlsx' },
  ],
  administrator: [
    { text: 'home.task.admin-users', href: '/admin/users' },
    { text: 'home.task.admin-agencies', href: '/admin/agencies' },
    { text: 'home.task.admin-api-credentials', href: '/admin/api-credentials' },
    { text: 'home.task.admin-retention', href: '/admin/retention' },
    { text: 'home.task.admin-risk-settings', href: '/admin/risk-settings' },
    { text: 'home.task.admin-perpetrator-signals', href: '/admin/perpetrator-signals' },
  ],
};
