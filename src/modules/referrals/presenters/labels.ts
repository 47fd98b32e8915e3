import { consentLabels, levelLabels, serviceLabels, sharedLabels, statusLabels } from '../labels.ts';

/** The words the referral templates look statuses, services and levels up in, in the page's language. */
export const templateLabels = () => ({
  services: serviceLabels(),
  statuses: statusLabels(),
  shared: sharedLabels(),
  levels: levelLabels(),
  consent: consentLabels(),
});
