import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genderedForms } from './gendered-names.ts';
import { firstNamesConflict, nameFeatures, plausibleTypo } from './names.ts';
import { nicknameGroupsFuzzy, shareGroup } from './nicknames.ts';

const conflict = (a: string, b: string): boolean =>
  firstNamesConflict(nameFeatures({ firstName: a }), nameFeatures({ firstName: b }));

describe('genderedForms: the male and female forms of one name', () => {
  const pairs = [
    ['paul', 'paula'],
    ['robert', 'roberta'],
    ['louis', 'louise'],
    ['denis', 'denise'],
    ['daniel', 'danielle'],
    ['eric', 'erica'],
    ['julian', 'julia'],
    ['nicolas', 'nicola'],
    ['georgie', 'georgia'],
    ['roberto', 'roberta'],
    ['christian', 'christina'],
    ['francis', 'frances'],
    ['jesse', 'jessie'],
    ['andrew', 'andrea'],
    ['simon', 'simone'],
    ['carl', 'carla'],
    ['alexander', 'alexandra'],
    ['augustus', 'augusta'],
    ['claudius', 'claudia'],
    ['victor', 'victoria'],
    ['patrick', 'patricia'],
    ['frederick', 'frederica'],
  ] as const;

  it('recognises them, and the twins guard keeps them apart although they look like typos or nicknames', () => {
    for (const [m, f] of pairs) {
      expect(genderedForms(m, f), `${m} / ${f}`).toBe(true);
      expect(genderedForms(f, m), `${f} / ${m}`).toBe(true);
      expect(plausibleTypo(m, f), `${m} / ${f}`).toBe(false);
      expect(conflict(m, f), `${m} / ${f}`).toBe(true);
    }
    expect(conflict('george', 'georgia')).toBe(true); // GEORGIA is not a misspelt GEORGIE (a nickname of GEORGE)
  });

  it('leaves typos and one-name spellings alone', () => {
    for (const [a, b] of [
      ['leah', 'lea'],
      ['sarah', 'sara'],
      ['olivia', 'oliviq'],
      ['amelia', 'amelis'],
      ['sophia', 'sophiw'],
      ['william', 'williams'],
      ['sophie', 'sophi'],
      ['jon', 'john'],
    ] as const) {
      expect(genderedForms(a, b), `${a} / ${b}`).toBe(false);
    }
    expect(conflict('leah', 'lea')).toBe(false);
    expect(shareGroup(nicknameGroupsFuzzy('rhomas'), nicknameGroupsFuzzy('tom'))).toBe(true);
  });

  it('is symmetric, and a name with -A or -E after a consonant is never a typo of the name (property)', () => {
    const name = fc.stringMatching(/^[a-z]{2,8}[bcdfghjklmnpqrstvwxz]$/);
    fc.assert(
      fc.property(name, fc.constantFrom('a', 'e'), (base, ending) => {
        const other = base + ending;
        expect(genderedForms(base, other)).toBe(true);
        expect(genderedForms(other, base)).toBe(true);
        expect(plausibleTypo(base, other)).toBe(false);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,10}$/), fc.stringMatching(/^[a-z]{1,10}$/), (a, b) => {
        expect(genderedForms(a, b)).toBe(genderedForms(b, a));
      }),
      { numRuns: 500 },
    );
  });
});
