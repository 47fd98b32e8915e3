// The label catalogue in English: every status, level and decision a page names, by a stable key.
// A second language is a file beside this one with the same keys (index.ts checks they match).

export const en = {
  'role.practitioner': 'Practitioner',
  'role.marac-coordinator': 'MARAC coordinator',
  'role.marac-chair': 'MARAC chair',
  'role.agency-lead': 'Agency domestic abuse lead',
  'role.partnership-analyst': 'Partnership analyst',
  'role.administrator': 'Administrator',
  'agency-kind.police': 'Police',
  'agency-kind.health': 'Health',
  'agency-kind.childrens-social-care': "Children's social care",
  'agency-kind.adult-social-care': 'Adult social care',
  'agency-kind.housing': 'Housing',
  'agency-kind.probation': 'Probation',
  'agency-kind.education': 'Education',
  'agency-kind.idva-service': 'IDVA service',
  'agency-kind.refuge-voluntary': 'Refuge or voluntary service',
  'agency-kind.other': 'Other',
  'link.status.suggested': 'Suggested',
  'link.status.review': 'To review',
  'link.status.confirmed': 'Confirmed',
  'link.status.rejected': 'Different people',
  'link.decided.confirm': 'Link confirmed. Both records now show in one chronology.',
  'link.decided.unlink': 'Link undone. The records are shown separately again.',
  'link.decided.reject': 'Recorded as different people.',
  'chronology.severity': '{severity} severity',
  'chronology.via-suggested-link': 'from a record linked by a suggestion not yet confirmed',
  'section.status.completed': 'Completed',
  'section.status.in-progress': 'In progress',
  'section.status.not-started': 'Not started',
  'sharing.level.signpost': 'Signpost only',
  'sharing.level.shared-summary': 'Shared summary',
  'sharing.level.full': 'Full record',
  'sharing.basis.consent': 'Consent of the person',
  'sharing.basis.marac-attendance': 'MARAC attendance',
  'sharing.basis.risk-of-serious-harm': 'Risk of serious harm (without consent)',
  'sharing.basis.legal-duty': 'A legal duty',
  'restricted.kind.safe-address': 'Safe address',
  'restricted.kind.new-area': 'New area',
  'restricted.kind.phone': 'Phone number',
  'restricted.kind.refuge-location': 'Refuge location',
} as const;

export type LabelKey = keyof typeof en;

/** The GOV.UK tag colour each status is shown in (the same in every language). */
export const TAG_COLOURS: Record<string, string> = {
  'link.status.suggested': 'govuk-tag--yellow',
  'link.status.review': 'govuk-tag--grey',
  'link.status.confirmed': 'govuk-tag--green',
  'link.status.rejected': 'govuk-tag--grey',
  'section.status.completed': '',
  'section.status.in-progress': 'govuk-tag--light-blue',
  'section.status.not-started': 'govuk-tag--blue',
};
