import type { AgencyKind, Role } from '../../db/schema.ts';

export const ROLE_LABELS: Record<Role, string> = {
  practitioner: 'Practitioner',
  'marac-coordinator': 'MARAC coordinator',
  'marac-chair': 'MARAC chair',
  'agency-lead': 'Agency domestic abuse lead',
  'partnership-analyst': 'Partnership analyst',
  administrator: 'Administrator',
};

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  police: 'Police',
  health: 'Health',
  'childrens-social-care': "Children's social care",
  'adult-social-care': 'Adult social care',
  housing: 'Housing',
  probation: 'Probation',
  education: 'Education',
  'idva-service': 'IDVA service',
  'refuge-voluntary': 'Refuge or voluntary service',
  other: 'Other',
};
