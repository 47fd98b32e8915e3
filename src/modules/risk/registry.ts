import path from 'node:path';
import { loadInstrumentsFromDirectory, type ChecklistInstrument, type InstrumentRegistry } from './instrument.ts';

export const INSTRUMENTS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'instruments');

/** Loaded once at start: an invalid instrument file stops the service with the file and field named. */
export const loadInstrumentRegistry = (dir = INSTRUMENTS_DIR): Promise<InstrumentRegistry> =>
  loadInstrumentsFromDirectory(dir);

export const checklists = (registry: InstrumentRegistry): ChecklistInstrument[] =>
  [...registry.values()].filter((i): i is ChecklistInstrument => i.kind === 'checklist');
