import { describe, expect, it } from 'vitest';
import { compareFirstNames, compareSurnames, firstNamesConflict, nameFeatures, type NameInput } from './names.ts';

const n = (input: NameInput) => nameFeatures(input);
const first = (a: NameInput, b: NameInput) => compareFirstNames(n(a), n(b));
const last = (a: NameInput, b: NameInput) => compareSurnames(n(a), n(b));

describe('name features', () => {
  it('drops titles and ordinals, and falls back to the full name for a given name', () => {
    const f = n({ firstName: 'Sir', surname: 'Wheler', fullName: 'Sir George Wheler, 2nd Baronet' });
    expect(f.first).toBe('george');
    expect(f.surname).toBe('wheler');
    expect(f.tokens).toEqual(expect.arrayContaining(['george', 'wheler']));
    expect(f.tokens).not.toContain('sir');
    expect(f.tokens).not.toContain('baronet');
  });

  it('splits double-barrelled surnames and strips accents', () => {
    expect(n({ surname: 'Smith-Jones' }).surnameTokens).toEqual(['smith', 'jones']);
    expect(n({ firstName: 'Zoë' }).first).toBe('zoe');
  });

  it('treats an empty or missing name as absent', () => {
    expect(n({ firstName: '  ', surname: null }).first).toBeNull();
    expect(first({ firstName: null }, { firstName: 'Ann' })).toBeNull();
    expect(last({ surname: 'Smith' }, { surname: '' })).toBeNull();
  });
});

describe('compareFirstNames', () => {
  it('exact, ignoring case and punctuation', () => {
    expect(first({ firstName: 'Jonathan' }, { firstName: 'JONATHAN.' })).toBe('exact');
  });
  it('nicknames', () => {
    expect(first({ firstName: 'Sam' }, { firstName: 'Samuel' })).toBe('nickname');
    expect(first({ firstName: 'Jon' }, { firstName: 'Jonathan' })).toBe('nickname');
    expect(first({ firstName: 'Bill' }, { firstName: 'William' })).toBe('nickname');
  });
  it('similar spelling (Jaro-Winkler)', () => {
    expect(first({ firstName: 'Oswaldo' }, { firstName: 'Osvaldo' })).toBe('similar');
    expect(first({ firstName: 'Jonathon' }, { firstName: 'Jonathan' })).toBe('nickname'); // misspelt table name
  });
  it('same sound', () => {
    expect(first({ firstName: 'Cristal' }, { firstName: 'Krystal' })).toBe('phonetic');
  });
  it('an initial against a name', () => {
    expect(first({ firstName: 'J' }, { firstName: 'Peter' })).toBe('different');
    expect(first({ firstName: 'P.' }, { firstName: 'Peter' })).toBe('initial');
  });
  it('first and last names reversed', () => {
    expect(first({ firstName: 'Smith', surname: 'Jane' }, { firstName: 'Jane', surname: 'Smith' })).toBe('in-other-names');
    expect(last({ firstName: 'Smith', surname: 'Jane' }, { firstName: 'Jane', surname: 'Smith' })).toBe('in-other-names');
  });
  it('a given name used as a middle name', () => {
    expect(first({ firstName: 'Edward', middleNames: 'George' }, { firstName: 'George' })).toBe('in-other-names');
  });
  it('plainly different names', () => {
    expect(first({ firstName: 'Amy' }, { firstName: 'Beth' })).toBe('different');
    expect(firstNamesConflict(n({ firstName: 'Amy' }), n({ firstName: 'Beth' }))).toBe(true);
    expect(firstNamesConflict(n({ firstName: 'Amy' }), n({ firstName: null }))).toBe(false);
  });
});

describe('compareSurnames', () => {
  it('exact, similar, phonetic, different', () => {
    expect(last({ surname: 'Smith' }, { surname: 'smith' })).toBe('exact');
    expect(last({ surname: 'Smithe' }, { surname: 'Smith' })).toBe('similar');
    expect(last({ surname: 'Smyth' }, { surname: 'Smith' })).toBe('phonetic');
    expect(last({ surname: 'Knight' }, { surname: 'Nite' })).toBe('phonetic');
    expect(last({ surname: 'Smith' }, { surname: 'Jones' })).toBe('different');
  });
  it('one part of a double-barrelled surname', () => {
    expect(last({ surname: 'Jones' }, { surname: 'Smith-Jones' })).toBe('in-other-names');
  });
  it('a previous surname given as an alias', () => {
    expect(last({ surname: 'Taylor', aliases: ['Jane Brown'] }, { surname: 'Brown' })).toBe('in-other-names');
  });
});
