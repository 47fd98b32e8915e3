import { describe, expect, it } from 'vitest';
import { comparePostcodes, parsePostcode } from './postcodes.ts';

const c = (a: string | null, b: string | null) => comparePostcodes(parsePostcode(a), parsePostcode(b));

describe('parsePostcode', () => {
  it('splits a full UK postcode into unit, sector, district and area', () => {
    expect(parsePostcode('sw1a 2aa')).toEqual({
      raw: 'SW1A2AA',
      unit: 'SW1A 2AA',
      sector: 'SW1A 2',
      district: 'SW1A',
      area: 'SW',
    });
    expect(parsePostcode('M1 1AE')).toMatchObject({ unit: 'M1 1AE', sector: 'M1 1', district: 'M1', area: 'M' });
    expect(parsePostcode(' tq138df ')).toMatchObject({ unit: 'TQ13 8DF', district: 'TQ13' });
  });
  it('keeps an outward code as a district, and anything else only raw', () => {
    expect(parsePostcode('SW1A')).toMatchObject({ district: 'SW1A', area: 'SW', sector: null });
    expect(parsePostcode('2119')).toEqual({ raw: '2119', unit: null, sector: null, district: null, area: null });
    expect(parsePostcode('')).toBeNull();
  });
});

describe('comparePostcodes', () => {
  it('unit, sector, district, area, different', () => {
    expect(c('SW1A 2AA', 'sw1a2aa')).toBe('unit');
    expect(c('SW1A 2AA', 'SW1A 2BB')).toBe('sector');
    expect(c('SW1A 2AA', 'SW1A 1AA')).toBe('district');
    expect(c('SW1A 2AA', 'SW19 1AA')).toBe('area');
    expect(c('SW1A 2AA', 'M1 1AE')).toBe('different');
  });
  it('non-UK codes agree only exactly', () => {
    expect(c('2119', '2119')).toBe('unit');
    expect(c('2119', '2118')).toBe('different');
  });
  it('null when either is missing', () => expect(c(null, 'M1 1AE')).toBeNull());
});
