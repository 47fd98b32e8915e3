import type { Role } from '../../db/schema.ts';

export interface Task {
  text: string;
  href: string;
}

/**
 * What each role most often comes to do, in order: the first is the home page's
 * start button, the next two its other buttons, the rest links below them.
 */
export const TASKS_BY_ROLE: Record<Role, Task[]> = {
  practitioner: [
    { text: 'Start a risk checklist', href: '/assessments/new' },
    { text: 'Record an incident or contact', href: '/incidents/new' },
    { text: 'Refer to MARAC', href: '/marac/referrals/new' },
    { text: 'Research for MARAC meetings', href: '/marac/meetings' },
    { text: 'Find a person', href: '/people/search' },
    { text: 'MARAC actions for your agency', href: '/marac/actions' },
    { text: 'Your agency’s MARAC referrals', href: '/marac/my-referrals' },
    { text: 'Possible matches to review', href: '/people/matches' },
    { text: 'Import incidents', href: '/people/import' },
    { text: 'MARAC: referrals, meetings and actions', href: '/marac' },
  ],
  'marac-coordinator': [
    { text: 'Referrals waiting for you', href: '/marac/referrals' },
    { text: 'MARAC meetings', href: '/marac/meetings' },
    { text: 'Schedule a meeting', href: '/marac/meetings/new' },
    { text: 'Open cases', href: '/marac/cases' },
    { text: 'Actions', href: '/marac/actions' },
    { text: 'Repeat victims', href: '/marac/repeats' },
    { text: 'Transfers between partnerships', href: '/marac/transfers' },
    { text: 'Quarterly MARAC data return', href: '/marac/return' },
    { text: 'Possible matches to review', href: '/people/matches' },
  ],
  'marac-chair': [
    { text: 'MARAC meetings', href: '/marac/meetings' },
    { text: 'Find a person', href: '/people/search' },
    { text: 'Start a risk checklist', href: '/assessments/new' },
    { text: 'MARAC actions for your agency', href: '/marac/actions' },
    { text: 'Possible matches to review', href: '/people/matches' },
    { text: 'MARAC: referrals, meetings and actions', href: '/marac' },
  ],
  'agency-lead': [
    { text: 'Review emergency access', href: '/break-glass-reviews' },
    { text: 'Unusual reading', href: '/access-alerts' },
    { text: 'Start a risk checklist', href: '/assessments/new' },
    { text: 'Record an incident or contact', href: '/incidents/new' },
    { text: 'MARAC actions for your agency', href: '/marac/actions' },
    { text: 'Find a person', href: '/people/search' },
    { text: 'Possible matches to review', href: '/people/matches' },
    { text: 'Import incidents', href: '/people/import' },
    { text: 'MARAC: referrals, meetings and actions', href: '/marac' },
  ],
  'partnership-analyst': [
    { text: 'Quarterly MARAC data return', href: '/marac/return' },
    { text: 'Download the checklists (CSV)', href: '/exports/checklists.csv' },
    { text: 'Find a person', href: '/people/search' },
    { text: 'Download the checklists (XLSX)', href: '/exports/checklists.xlsx' },
  ],
  administrator: [
    { text: 'Manage users', href: '/admin/users' },
    { text: 'Manage agencies', href: '/admin/agencies' },
    { text: 'Manage API credentials', href: '/admin/api-credentials' },
    { text: 'Retention', href: '/admin/retention' },
    { text: 'Risk response settings', href: '/admin/risk-settings' },
    { text: 'Perpetrator alerts from other partnerships', href: '/admin/perpetrator-signals' },
  ],
};
