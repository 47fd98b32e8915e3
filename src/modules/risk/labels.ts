export const LEVEL_LABELS = { standard: 'Standard', medium: 'Medium', high: 'High' } as const;
export const LEVEL_TAG = { standard: 'govuk-tag--grey', medium: 'govuk-tag--yellow', high: 'govuk-tag--red' } as const;
export const CRITERION_LABELS: Record<string, string> = {
  'visible-high-risk': 'Visible high risk',
  'professional-judgement': 'Professional judgement',
  'potential-escalation': 'Potential escalation',
  repeat: 'Repeat (within 12 months of the last MARAC)',
};
export const CONSENT_LABELS = { given: 'Consent given', refused: 'Consent refused', 'not-asked': 'Not asked' } as const;
