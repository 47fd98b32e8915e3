import type { Databases } from '../../../src/db/connection.ts';
import type { Actor } from '../../../src/db/tenancy.ts';

/** What each living demo step is given (see index.ts). */
export interface LivingDemoContext {
  dbs: Databases;
  /** The demo user with this e-mail, as an actor. */
  actor(email: string): Promise<Actor>;
  /** A person's id by the source id an agency gave it in the demo import (e.g. NP-P-5501). */
  personBySourceId(sourceId: string): Promise<string>;
  /** An ISO date `days` from today (negative: in the past). */
  day(days: number): string;
  shared: Map<string, unknown>;
}

export interface LivingDemoStep {
  name: string;
  run(context: LivingDemoContext): Promise<void>;
}

/** Marks a free-text field of a demo record as synthetic. */
export const synthetic = (text: string) => `${text} (synthetic demo record)`;
