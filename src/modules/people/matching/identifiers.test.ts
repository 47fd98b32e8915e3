import { describe, expect, it } from 'vitest';
import {
  isValidNhsNumber,
  isValidPncId,
  nhsCheckDigit,
  normaliseNhsNumber,
  normalisePncId,
  pncCheckLetter,
} from './identifiers.ts';

describe('NHS number (modulus 11)', () => {
  it('computes the check digit', () => {
    // 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9
    expect(nhsCheckDigit('943476591')).toBe(9);
  });

  it('maps a check value of 11 to 0 and rejects 10', () => {
    // find nine digits with each outcome rather than trusting a hand computation
    const sums = (s: string): number => [...s].reduce((t, d, i) => t + Number(d) * (10 - i), 0);
    expect(sums('000000000') % 11).toBe(0);
    expect(nhsCheckDigit('000000000')).toBe(0);
    // 100000001: 10 + 2 = 12, 12 mod 11 = 1 -> 10 -> no valid number
    expect(nhsCheckDigit('100000001')).toBeNull();
  });

  it('accepts valid numbers with or without spaces and dashes', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
    expect(normaliseNhsNumber(' 943 476 5919 ')).toBe('9434765919');
  });

  it('rejects wrong check digits, wrong lengths and letters', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659A9')).toBe(false);
    expect(isValidNhsNumber('')).toBe(false);
    expect(isValidNhsNumber(null)).toBe(false);
    expect(isValidNhsNumber('1000000010')).toBe(false); // check value 10 is never issued
  });

  it('detects every single-digit substitution of a valid number', () => {
    const valid = '9434765919';
    for (let i = 0; i < 10; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        expect(isValidNhsNumber(changed), changed).toBe(false);
      }
    }
  });

  it('needs exactly nine digits to compute a check digit', () => {
    expect(() => nhsCheckDigit('12345')).toThrow(RangeError);
  });
});

describe('PNC ID (check letter, modulus 23)', () => {
  it('computes the check letter from year and serial', () => {
    // 12 0034567 = 120034567; 120034567 mod 23 = 5 -> E (Z A B C D E ...)
    expect(pncCheckLetter('12', '34567')).toBe('E');
    expect(pncCheckLetter('2012', '0034567')).toBe('E');
    // remainder 0 maps to Z
    expect(pncCheckLetter('00', '23')).toBe('Z');
  });

  it('accepts the short and the long form, with or without the slash', () => {
    expect(isValidPncId('12/34567E')).toBe(true);
    expect(isValidPncId('2012/0034567E')).toBe(true);
    expect(isValidPncId('20120034567E')).toBe(true);
    expect(isValidPncId('12/34567e')).toBe(true);
  });

  it('normalises to YY/NNNNNNNL', () => {
    expect(normalisePncId('2012/0034567E')).toBe('12/0034567E');
    expect(normalisePncId('12/34567E')).toBe('12/0034567E');
  });

  it('rejects a wrong check letter or a malformed id', () => {
    expect(isValidPncId('12/34567F')).toBe(false);
    expect(isValidPncId('12/34568E')).toBe(false);
    expect(isValidPncId('1/34567E')).toBe(false);
    expect(isValidPncId('12/345678901E')).toBe(false);
    expect(isValidPncId('12/34567')).toBe(false);
    expect(isValidPncId(undefined)).toBe(false);
  });

  it('never uses the letters I, O or S', () => {
    const letters = new Set(Array.from({ length: 23 }, (_, k) => pncCheckLetter('00', String(k))));
    expect(letters.size).toBe(23);
    for (const l of ['I', 'O', 'S']) expect(letters.has(l)).toBe(false);
  });
});
