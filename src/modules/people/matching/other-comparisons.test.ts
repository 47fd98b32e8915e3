import { describe, expect, it } from 'vitest';
import { comparePlace } from './comparisons.ts';
import { compareEmail, compareIdentifier, compareSex, compareText } from './other-comparisons.ts';
import { prepareRecord } from './prepare.ts';

describe('other comparisons', () => {
  it('sex', () => {
    expect(compareSex('f', 'f')).toBe('same');
    expect(compareSex('f', 'm')).toBe('different');
    expect(compareSex(null, 'm')).toBeNull();
  });
  it('free text', () => {
    expect(compareText('winston hills', 'winston hills')).toBe('exact');
    expect(compareText('winston hills', 'winstonhills')).toBe('similar');
    expect(compareText('12 high street', 'flat 2 12 high street')).toBe('shared-words');
    expect(compareText('leeds', 'york')).toBe('different');
  });
  it('e-mail', () => {
    expect(compareEmail('a.b@x.org', 'a.b@x.org')).toBe('exact');
    expect(compareEmail('a.b@x.org', 'a.b@y.com')).toBe('same-user');
    expect(compareEmail('roberta25@smith.net', 'robert255@smith.net')).toBe('similar-user');
    expect(compareEmail('zed@x.org', 'amy@x.org')).toBe('different');
  });
  it('identifiers: exact only when checked, one typo allowed otherwise', () => {
    expect(compareIdentifier('1234567', '1234567', false)).toBe('exact');
    expect(compareIdentifier('1234567', '1234576', false)).toBe('different');
    expect(compareIdentifier('1234567', '1234576', true)).toBe('one-typo');
    expect(compareIdentifier(null, '1', true)).toBeNull();
  });
  it('place: postcode first, then town', () => {
    const r = (postcode: string | null, town: string | null) => prepareRecord({ id: 'x', postcode, town });
    expect(comparePlace(r('LS1 4AP', null), r('LS1 4AP', 'Leeds'))).toBe('postcode-unit');
    expect(comparePlace(r('LS1 4AP', 'Leeds'), r('LS1 4XY', 'Leeds'))).toBe('postcode-sector');
    expect(comparePlace(r('LS1 4AP', 'Leeds'), r('LS6 1AA', 'Leeds'))).toBe('same-town');
    expect(comparePlace(r('LS1 4AP', 'Leeds'), r('LS6 1AA', 'Otley'))).toBe('postcode-area');
    expect(comparePlace(r('LS1 4AP', 'Leeds'), r('M1 1AE', 'Manchester'))).toBe('different');
    expect(comparePlace(r(null, null), r('M1 1AE', 'Manchester'))).toBeNull();
  });
  it('prepareRecord drops identifiers that fail their check', () => {
    const p = prepareRecord({ id: 'x', nhsNumber: '943 476 5918', pncId: '12/34567E' });
    expect(p.nhsNumber).toBeNull();
    expect(p.pncId).toBe('12/0034567E');
  });
});
