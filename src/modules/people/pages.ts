import type { AnyPage } from '../../platform/pages/page.ts';
import { importForm, importIncidents, importProgress } from './imports/paste.ts';
import { decideMatch, match } from './matches/decide.ts';
import { matchQueue } from './matches/queue.ts';
import { household, person } from './picture/person.ts';
import { findPerson } from './search/search.ts';
import { perpetratorSignals } from './signals/signals.ts';

/** Every people page, by journey. A new page is added here and in test/security/route-matrix.ts. */
export const peoplePages: readonly AnyPage[] = [
  // Finding a person (criteria in a POST: never in a URL).
  findPerson,
  // Possible matches: the queue, one match, the decision.
  matchQueue,
  match,
  decideMatch,
  // Incidents pasted by a practitioner, and a background import's progress.
  importForm,
  importIncidents,
  importProgress,
  // Perpetrator alerts between partnerships (administrators decide).
  perpetratorSignals,
  // The whole picture and the household.
  person,
  household,
];
