import {
  CHILD_RATING_TAG,
  LEVEL_LABELS,
  OUTCOME_LABELS,
  RARA_LABELS,
  RELATIONSHIP_LABELS,
  SAFETY_TOPIC_LABELS,
  STATUS_LABELS,
} from '../labels.ts';

// What the response pages (household, children, next steps, plans, settings) call things.

export const responseLabels = {
  levels: LEVEL_LABELS,
  outcomes: OUTCOME_LABELS,
  relationships: RELATIONSHIP_LABELS,
  rara: RARA_LABELS,
  topics: SAFETY_TOPIC_LABELS,
  statuses: STATUS_LABELS,
  childTags: CHILD_RATING_TAG,
};
