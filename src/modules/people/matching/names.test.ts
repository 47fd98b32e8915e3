import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareFirstNames,
  compareSurnames,
  firstNamesConflict,
  nameFeatures,
  plausibleTypo,
  type NameInput,
} from './names.ts';
import { metaphone } from './phonetic.ts';

const n = (input: NameInput) => nameFeatures(input);
const first = (a: NameInput, b: NameInput) => compareFirstNames(n(a), n(b));
const last = (a: NameInput, b: NameInput) => compareSurnames(n(a), n(b));

describe('name features', () => {
  it('joins a given name split by a typed space, and keeps two real given names apart', () => {
    expect(n({ firstName: 'cha rles', surname: 'trevorrow' }).first).toBe('charles');
    expect(first({ firstName: 'cha rles' }, { firstName: 'charles' })).toBe('exact');
    expect(n({ firstName: 'mary ann', surname: 'smith' }).first).toBe('mary');
    expect(n({ firstName: 'chri stopher', surname: 'smith' }).first).toBe('christopher');
    // JO is a name of its own: JO HN stays JO with a middle name HN.
    expect(n({ firstName: 'jo hn', surname: 'smith' }).first).toBe('jo');
  });

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

  it('finds a name among the other record’s names even when that record lacks the field, so adding a name never raises a score', () => {
    // Robert Alan against a record with no given name and the surname Roberts: names reversed.
    expect(first({ firstName: 'Robert', surname: 'Alan' }, { firstName: null, surname: 'Roberts' })).toBe(
      'in-other-names',
    );
    expect(first({ firstName: 'Robert', surname: 'Alan' }, { firstName: 'Zebedee', surname: 'Roberts' })).toBe(
      'in-other-names',
    );
    expect(last({ firstName: 'Smith', surname: null }, { firstName: 'Ann', surname: 'Smith' })).toBe('in-other-names');
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
    expect(first({ firstName: 'Smith', surname: 'Jane' }, { firstName: 'Jane', surname: 'Smith' })).toBe(
      'in-other-names',
    );
    expect(last({ firstName: 'Smith', surname: 'Jane' }, { firstName: 'Jane', surname: 'Smith' })).toBe(
      'in-other-names',
    );
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

describe('firstNamesConflict (the twins guard)', () => {
  const conflict = (a: NameInput, b: NameInput) => firstNamesConflict(n(a), n(b));
  const given = (a: string, b: string) => conflict({ firstName: a }, { firstName: b });

  it('a shared sound alone is a conflict: AMY / EMMA are two people', () => {
    expect(metaphone('Amy')).toBe(metaphone('Emma'));
    expect(first({ firstName: 'Amy' }, { firstName: 'Emma' })).toBe('phonetic'); // still scored as such
    expect(given('Amy', 'Emma')).toBe(true);
    expect(given('Emma', 'Amy')).toBe(true);
    expect(given('Tom', 'Tim')).toBe(true); // Metaphone "TM"
    expect(given('Eva', 'Ava')).toBe(true);
    expect(given('Cristal', 'Krystal')).toBe(true); // two letters changed in seven
  });
  it('close but different names are a conflict', () => {
    expect(given('Ellie', 'Ella')).toBe(true); // two edits in five letters
    expect(given('Mark', 'Mary')).toBe(true); // one letter replaced in a short name
    expect(given('Carla', 'Carly')).toBe(true);
    expect(given('Dean', 'Sean')).toBe(true);
  });
  it('a nickname pair, an initial or a plausible typo is not a conflict', () => {
    expect(given('Jon', 'Jonathan')).toBe(false);
    expect(given('Bill', 'William')).toBe(false);
    expect(given('Katherine', 'Kathryn')).toBe(false);
    expect(given('Jonathon', 'Jonathan')).toBe(false);
    expect(given('P', 'Peter')).toBe(false);
    expect(given('Leah', 'Lea')).toBe(false); // one letter dropped
    expect(given('John', 'Jhon')).toBe(false); // two letters swapped
    expect(given('Oswaldo', 'Osvaldo')).toBe(false); // one letter in seven
    expect(given('Jaden', 'Jayden')).toBe(false);
  });
  it("a given name found among the other record's names is not a conflict, but a sound-alike there is", () => {
    expect(conflict({ firstName: 'Edward', middleNames: 'George' }, { firstName: 'George' })).toBe(false);
    expect(conflict({ firstName: 'Smith', surname: 'Jane' }, { firstName: 'Jane', surname: 'Smith' })).toBe(false);
    expect(conflict({ firstName: 'Edward', middleNames: 'Georgina' }, { firstName: 'Georgia' })).toBe(false); // typo
    expect(conflict({ firstName: 'Emma', middleNames: 'Kate' }, { firstName: 'Amy', middleNames: 'Louise' })).toBe(
      true,
    );
  });
  it('is symmetric and never a conflict when a name is missing', () => {
    const name = fc.stringMatching(/^[A-Za-z]{0,9}$/);
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(given(a, b)).toBe(given(b, a));
        expect(conflict({ firstName: a }, { firstName: null })).toBe(false);
        if (a.toLowerCase() === b.toLowerCase()) expect(given(a, b)).toBe(false);
      }),
    );
  });
});

describe('the twins guard with a shared birthday', () => {
  const withBirthday = (a: string, b: string) =>
    firstNamesConflict(n({ firstName: a }), n({ firstName: b }), { sameBirthday: true });
  it('a one-letter slip is a typo when birthday and sex agree (GRACE / CRACE, LUKE / LVKE)', () => {
    expect(withBirthday('Grace', 'Crace')).toBe(false);
    expect(withBirthday('Luke', 'Lvke')).toBe(false);
    expect(given2('Grace', 'Crace')).toBe(true); // without the birthday a replaced letter in a short name is another name
  });
  it('two names people are given stay two people, birthday or not (MARK / MARY, DEAN / SEAN)', () => {
    expect(withBirthday('Mark', 'Mary')).toBe(true);
    expect(withBirthday('Dean', 'Sean')).toBe(true);
    expect(withBirthday('Paul', 'Paula')).toBe(true);
  });
  it('two formal names that share only a nickname are two names; a diminutive and its name are one', () => {
    expect(firstNamesConflict(n({ firstName: 'Bill' }), n({ firstName: 'Will' }))).toBe(false);
    expect(firstNamesConflict(n({ firstName: 'Sam' }), n({ firstName: 'Samantha' }))).toBe(false);
    expect(firstNamesConflict(n({ firstName: 'Sam' }), n({ firstName: 'Samantha' }), { sexDiffers: true })).toBe(true);
  });
});

const given2 = (a: string, b: string) => firstNamesConflict(n({ firstName: a }), n({ firstName: b }));

describe('plausibleTypo', () => {
  it('allows fewer edits in shorter names', () => {
    expect(plausibleTypo('tom', 'tim')).toBe(false);
    expect(plausibleTypo('leah', 'lea')).toBe(true);
    expect(plausibleTypo('mark', 'mary')).toBe(false);
    expect(plausibleTypo('john', 'jhon')).toBe(true);
    expect(plausibleTypo('ellie', 'ella')).toBe(false);
    expect(plausibleTypo('stephen', 'stephan')).toBe(true);
    expect(plausibleTypo('stephen', 'steven')).toBe(false);
    expect(plausibleTypo('jonathon', 'jonathan')).toBe(true);
    expect(plausibleTypo('christopher', 'kristopher')).toBe(true);
    expect(plausibleTypo('amy', 'emma')).toBe(false);
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
