// The GOV.UK tag colour each status is shown in (the same in every language).
export const TAG_COLOURS: Record<string, string> = {
  'link.status.suggested': 'govuk-tag--yellow',
  'link.status.review': 'govuk-tag--grey',
  'link.status.confirmed': 'govuk-tag--green',
  'link.status.rejected': 'govuk-tag--grey',
  'section.status.completed': '',
  'section.status.in-progress': 'govuk-tag--light-blue',
  'section.status.not-started': 'govuk-tag--blue',
  'marac.referral-status.awaiting-coordinator': 'govuk-tag--blue',
  'marac.referral-status.accepted': 'govuk-tag--green',
  'marac.referral-status.declined': 'govuk-tag--red',
};
