import { describe, expect, it } from 'vitest';
import { AMBIGUOUS_REASON, APART_BY_NAME, holdOneSided, linkRecords, type ScoredPair } from './linker.ts';
import { firstNamesConflict, nameFeatures } from './names.ts';
import { generationGap, pairGuard, guardIndex } from './guards.ts';
import { prepareRecord } from './prepare.ts';
import type { PersonRecord } from './record.ts';
import { decide } from './thresholds.ts';
import { syntheticPeople } from './test-fixtures.ts';

/**
 * One address, several people: twins, a father and the son named after him. A record that
 * lacks the one field telling two of them apart could be either, and must not be linked to
 * one of them by guesswork (nor join them through its copies).
 */
describe('households: records that could be either of two people', () => {
  const home = { surname: 'Wishart', postcode: 'WF2 7DA', address: '4 Green Lane' };
  const household: PersonRecord[] = [
    // Twin sisters, and two records of theirs with no given name.
    { id: 'adela-gp', firstName: 'Adela', dob: '2012-08-19', sex: 'f', ...home },
    { id: 'adela-school', firstName: 'Adela', dob: '2012-08-19', sex: 'f', ...home },
    { id: 'bella-gp', firstName: 'Bella', dob: '2012-08-19', sex: 'f', ...home },
    { id: 'bella-school', firstName: 'Bella', dob: '2012-08-19', sex: 'f', ...home },
    { id: 'noname-ae', firstName: null, dob: '2012-08-19', sex: 'f', ...home },
    { id: 'noname-police', firstName: null, dob: '2012-08-19', sex: 'f', ...home },
    // A father and his namesake son, and a record of the name with no date of birth.
    { id: 'newton-senior-gp', firstName: 'Newton', dob: '1975-12-05', sex: 'm', ...home },
    { id: 'newton-senior-police', firstName: 'Newton', dob: '1975-12-05', sex: 'm', ...home },
    { id: 'newton-junior-school', firstName: 'Newton', dob: '2003-09-28', sex: 'm', ...home },
    { id: 'newton-no-dob', firstName: 'Newton', dob: null, sex: 'm', ...home },
    // Twins, a girl recorded as ARTHUR (names people are given are not tidy) and MARY.
    { id: 'arthur-gp', firstName: 'Arthur', dob: '2016-07-26', sex: 'f', ...home },
    { id: 'mary-gp', firstName: 'Mary', dob: '2016-07-26', sex: 'f', ...home },
  ];
  const records = [...syntheticPeople(300, 17).records, ...household];
  const result = linkRecords(records, null, { uSamplePairs: 100_000 });
  const at = (id: string): number => records.findIndex((r) => r.id === id);
  const cluster = (id: string): number => result.clusters[at(id)] as number;
  const pair = (a: string, b: string) =>
    result.pairs.find((p) => (p.left === at(a) && p.right === at(b)) || (p.left === at(b) && p.right === at(a)));

  it("still links each twin's own records and the father's", () => {
    expect(cluster('adela-gp')).toBe(cluster('adela-school'));
    expect(cluster('bella-gp')).toBe(cluster('bella-school'));
    expect(cluster('newton-senior-gp')).toBe(cluster('newton-senior-police'));
  });

  it('sends a record with no given name at the twins’ address to review, with the reason', () => {
    for (const twin of ['adela-gp', 'bella-gp']) {
      const p = pair('noname-ae', twin);
      expect(p?.decision, twin).toBe('review');
      expect(p?.reason, twin).toBe(AMBIGUOUS_REASON);
    }
    // Nor are its two copies linked to each other: that would join the twins.
    expect(pair('noname-ae', 'noname-police')?.decision).toBe('review');
    expect(cluster('adela-gp')).not.toBe(cluster('bella-gp'));
    expect(cluster('noname-ae')).not.toBe(cluster('adela-gp'));
    expect(cluster('noname-ae')).not.toBe(cluster('bella-gp'));
  });

  it('keeps father and namesake son apart, and sends the record without a date of birth to review', () => {
    expect(cluster('newton-senior-gp')).not.toBe(cluster('newton-junior-school'));
    expect(pair('newton-senior-gp', 'newton-junior-school')?.decision ?? 'distinct').not.toBe('link');
    expect(pair('newton-no-dob', 'newton-senior-gp')?.decision).toBe('review');
    expect(pair('newton-no-dob', 'newton-junior-school')?.decision).toBe('review');
    expect(cluster('newton-no-dob')).not.toBe(cluster('newton-senior-gp'));
    expect(cluster('newton-no-dob')).not.toBe(cluster('newton-junior-school'));
  });

  it('does not take a boy’s name on a girl’s record for a slip when her twin has another name altogether', () => {
    expect(pair('arthur-gp', 'mary-gp')?.decision ?? 'distinct').not.toBe('link');
    expect(cluster('arthur-gp')).not.toBe(cluster('mary-gp'));
  });
});

describe('the guards, pair by pair', () => {
  const guardOf = (a: PersonRecord, b: PersonRecord) => {
    const pa = prepareRecord(a);
    const pb = prepareRecord(b);
    return pairGuard(pa, pb, [], guardIndex([]), []);
  };

  it('a generation between dates of birth holds the pair, unless an identifier agrees', () => {
    expect(generationGap('19751205', '20030928', 'different')).toBe(true);
    expect(generationGap('19651205', '19851205', 'one-typo')).toBe(false); // one key slipped
    expect(generationGap('19751205', '19800101', 'different')).toBe(false);
    expect(decide(0.9999, undefined, { namesConflict: false, identifierAgrees: false, generationGap: true })).toBe(
      'review',
    );
    expect(decide(0.9999, undefined, { namesConflict: false, identifierAgrees: true, generationGap: true })).toBe(
      'link',
    );
  });

  it('a twin brother and sister at one address are held apart when a given name is missing or an initial', () => {
    const common = { surname: 'Maynard', dob: '2002-11-18', postcode: 'DN22 6FL', address: '5 Albert Road' };
    const g = guardOf(
      { id: 'a', firstName: 'J', sex: 'f', ...common },
      { id: 'b', firstName: 'John', sex: 'm', ...common },
    );
    expect(g.household).toBe(true);
    expect(g.householdDobDiffers).toBe(true);
    // The same given name: the sex field is the error, and nothing holds the pair.
    const same = guardOf(
      { id: 'a', firstName: 'John', sex: 'f', ...common },
      { id: 'b', firstName: 'John', sex: 'm', ...common },
    );
    expect(same.household).toBe(false);
  });

  it('a given name one letter from the other record’s surname is not the two names reversed (EVAN / SKEAT BEVAN)', () => {
    const evan = nameFeatures({ firstName: 'Evan', surname: 'Bevan' });
    const skeat = nameFeatures({ firstName: 'Skeat', surname: 'Bevan' });
    expect(firstNamesConflict(evan, skeat, { sameBirthday: true })).toBe(true);
    // A real reversal still counts.
    expect(
      firstNamesConflict(
        nameFeatures({ firstName: 'Smith', surname: 'John' }),
        nameFeatures({ firstName: 'John', surname: 'Smith' }),
      ),
    ).toBe(false);
  });

  it('with a shared birthday, a spelling that is nobody’s name reads as the name one slip away (WLIL / WILLIAM)', () => {
    const w = (first: string) => nameFeatures({ firstName: first, surname: 'Boulton' });
    expect(firstNamesConflict(w('Wlil'), w('William'), { sameBirthday: true })).toBe(false);
    expect(firstNamesConflict(w('Roaslie'), w('Risalie'), { sameBirthday: true })).toBe(false);
    // Without the birthday, or between two names people are given, they stay apart.
    expect(firstNamesConflict(w('Wlil'), w('William'))).toBe(true);
    expect(firstNamesConflict(w('Mark'), w('Mary'), { sameBirthday: true })).toBe(true);
    expect(firstNamesConflict(w('Frederick'), w('Frederica'), { sameBirthday: true })).toBe(true);
  });
});

describe('a record linked to one of two people held apart', () => {
  const home = { surname: 'Wishart', postcode: 'WF2 7DA', address: '4 Green Lane', dob: '2009-03-14', sex: 'm' };
  const records = [
    prepareRecord({ id: 'owen', firstName: 'Owen', ...home }),
    prepareRecord({ id: 'huw', firstName: 'Huw', ...home }),
    prepareRecord({ id: 'no-name', firstName: null, ...home }),
    prepareRecord({ id: 'initial-o', firstName: 'O', ...home }),
    prepareRecord({ id: 'owain', firstName: 'Owain', ...home }),
  ];
  const link = (left: number, right: number, identifierAgrees = false): ScoredPair => ({
    left,
    right,
    weight: 30,
    probability: 1,
    decision: 'link',
    namesConflict: false,
    identifierAgrees,
    household: false,
    reason: null,
  });
  // Owen and Huw are held apart by their given names; each record below is linked to Owen only.
  const held = (pair: ScoredPair): ScoredPair => {
    holdOneSided([pair], [[0, 1, APART_BY_NAME]], (node) => records[node]!, 0);
    return pair;
  };

  it('goes to review when it has no given name, or only an initial that does not tell them apart', () => {
    expect(held(link(2, 0))).toMatchObject({ decision: 'review', reason: AMBIGUOUS_REASON });
    expect(held(link(0, 2))).toMatchObject({ decision: 'review', reason: AMBIGUOUS_REASON });
    // O. is Owen's initial and not Huw's: it sides with Owen.
    expect(held(link(3, 0)).decision).toBe('link');
  });

  it('stays linked when it carries a given name, or shares an identifier', () => {
    expect(held(link(4, 0)).decision).toBe('link');
    expect(held(link(2, 0, true)).decision).toBe('link');
  });
});
