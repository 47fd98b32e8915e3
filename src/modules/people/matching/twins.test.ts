import { describe, expect, it } from 'vitest';
import { explainPair } from './explain.ts';
import { linkRecords } from './linker.ts';
import type { PersonRecord } from './record.ts';
import { syntheticPeople } from './test-fixtures.ts';

/**
 * The guard: people who share a surname, an address and even a birthday, but have
 * different given names (twins, a parent and child), must never be linked or merged.
 */
describe('twins and parent-child guard', () => {
  const household: PersonRecord[] = [
    { id: 'grace-police', firstName: 'Grace', surname: 'Okonkwo', dob: '2004-06-01', postcode: 'LS6 2QT', sex: 'f' },
    { id: 'grace-gp', firstName: 'Grace', surname: 'Okonkwo', dob: '2004-06-01', postcode: 'LS6 2QT', sex: 'f', email: 'g.ok@example.org' },
    { id: 'hope-school', firstName: 'Hope', surname: 'Okonkwo', dob: '2004-06-01', postcode: 'LS6 2QT', sex: 'f' },
    { id: 'hope-gp', firstName: 'Hope', surname: 'Okonkwo', dob: '2004-06-01', postcode: 'LS6 2QT', sex: 'f' },
    // A vague record that fits both twins: no given name.
    { id: 'okonkwo-ae', firstName: null, surname: 'Okonkwo', dob: '2004-06-01', postcode: 'LS6 2QT', sex: 'f' },
    // Father and son at one address, same birthday (day and month).
    { id: 'david-police', firstName: 'David', surname: 'Mensah', dob: '1970-03-02', postcode: 'M14 5RB', sex: 'm' },
    { id: 'kofi-school', firstName: 'Kofi', surname: 'Mensah', dob: '2000-03-02', postcode: 'M14 5RB', sex: 'm' },
  ];
  const background = syntheticPeople(300, 5).records;
  const records = [...background, ...household];
  const result = linkRecords(records, null, { uSamplePairs: 100_000 });
  const at = (id: string): number => records.findIndex((r) => r.id === id);
  const cluster = (id: string): number => result.clusters[at(id)] as number;
  const decisionOf = (a: string, b: string) =>
    result.pairs.find((p) => (p.left === at(a) && p.right === at(b)) || (p.left === at(b) && p.right === at(a)))?.decision ?? 'distinct';

  it('links the records of one twin', () => {
    expect(decisionOf('grace-police', 'grace-gp')).toBe('link');
    expect(cluster('grace-police')).toBe(cluster('grace-gp'));
    expect(cluster('hope-school')).toBe(cluster('hope-gp'));
  });

  it('never links one twin to the other', () => {
    for (const g of ['grace-police', 'grace-gp']) {
      for (const h of ['hope-school', 'hope-gp']) {
        expect(decisionOf(g, h)).toBe('distinct');
        const why = explainPair(result.model, records[at(g)] as PersonRecord, records[at(h)] as PersonRecord);
        expect(why.namesConflict).toBe(true);
        expect(why.decision).toBe('distinct');
      }
    }
  });

  it('does not merge the twins through a record that fits both', () => {
    expect(cluster('grace-police')).not.toBe(cluster('hope-school'));
  });

  it('keeps a parent and child apart', () => {
    expect(decisionOf('david-police', 'kofi-school')).toBe('distinct');
    expect(cluster('david-police')).not.toBe(cluster('kofi-school'));
  });
});
