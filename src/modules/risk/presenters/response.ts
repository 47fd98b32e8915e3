import {
  CHILD_RATING_TAG,
  levelLabels,
  outcomeLabels,
  raraLabels,
  relationshipLabels,
  safetyTopicLabels,
  statusLabels,
} from '../labels.ts';

// What the response pages (household, children, next steps, plans, settings) call things, in the page's language.

export const responseLabels = () => ({
  levels: levelLabels(),
  outcomes: outcomeLabels(),
  relationships: relationshipLabels(),
  rara: raraLabels(),
  topics: safetyTopicLabels(),
  statuses: statusLabels(),
  childTags: CHILD_RATING_TAG,
});
