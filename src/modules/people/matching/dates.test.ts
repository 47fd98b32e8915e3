import { describe, expect, it } from 'vitest';
import { compareDob, dayNumber } from './dates.ts';
import { normaliseDob } from './normalise.ts';

const d = (a: string, b: string) => compareDob(normaliseDob(a), normaliseDob(b));

describe('normaliseDob', () => {
  it('reads ISO, compact and UK day-first dates', () => {
    expect(normaliseDob('1984-03-07')).toBe('19840307');
    expect(normaliseDob('19840307')).toBe('19840307');
    expect(normaliseDob('7/3/1984')).toBe('19840307');
    expect(normaliseDob('07.03.1984')).toBe('19840307');
    expect(normaliseDob('1984-03-07T00:00:00Z')).toBe('19840307');
  });
  it('reads day, month and year columns joined by spaces, and month names', () => {
    expect(normaliseDob('7 3 1984')).toBe('19840307');
    expect(normaliseDob('07 03 1984')).toBe('19840307');
    expect(normaliseDob('1984 3 7')).toBe('19840307');
    expect(normaliseDob('7 March 1984')).toBe('19840307');
    expect(normaliseDob('7th Mar 1984')).toBe('19840307');
    expect(normaliseDob('1984-3-7')).toBe('19840307');
    expect(normaliseDob('7 Smarch 1984')).toBeNull();
  });
  it('keeps a mistyped month so that it still compares character by character', () => {
    expect(normaliseDob('1856-86-18')).toBe('18568618');
  });
  it('rejects what is not a date', () => {
    expect(normaliseDob('unknown')).toBeNull();
    expect(normaliseDob('')).toBeNull();
    expect(normaliseDob(null)).toBeNull();
  });
});

describe('compareDob', () => {
  it('exact', () => expect(d('1984-03-07', '07/03/1984')).toBe('exact'));
  it('day and month swapped', () => expect(d('1984-03-07', '1984-07-03')).toBe('day-month-swapped'));
  it('one character typed wrong', () => {
    expect(d('1984-03-07', '1984-03-09')).toBe('one-typo');
    expect(d('1984-03-07', '1948-03-07')).toBe('one-typo'); // adjacent digits transposed
    expect(d('1856-06-18', '1856-86-18')).toBe('one-typo'); // not a calendar date, still a typo
  });
  it('a year out', () => {
    expect(d('1984-03-07', '1985-03-07')).toBe('year-plus-minus-one');
    expect(d('1980-03-07', '1979-03-07')).toBe('year-plus-minus-one');
  });
  it('close dates', () => {
    expect(d('1984-03-07', '1984-04-02')).toBe('within-a-month');
    expect(d('1984-03-07', '1984-11-22')).toBe('within-a-year');
  });
  it('different', () => expect(d('1984-03-07', '1990-11-22')).toBe('different'));
  it('null when either is missing', () => {
    expect(compareDob(null, '19840307')).toBeNull();
    expect(compareDob('19840307', null)).toBeNull();
  });
  it('dayNumber rejects impossible dates', () => {
    expect(Number.isNaN(dayNumber('19840231'))).toBe(true);
    expect(Number.isNaN(dayNumber('19841301'))).toBe(true);
    expect(dayNumber('19840302') - dayNumber('19840301')).toBeCloseTo(1, 5);
  });
});

describe('dayNumber', () => {
  it('counts days from 1970-01-01, before and after', () => {
    expect(dayNumber('19700101')).toBe(0);
    expect(dayNumber('20000301') - dayNumber('20000228')).toBe(2); // 2000 is a leap year
    expect(dayNumber('19000301') - dayNumber('19000228')).toBe(1); // 1900 is not
    expect(dayNumber('16300801')).toBe(Math.round(Date.UTC(1630, 7, 1) / 86_400_000));
    expect(Number.isNaN(dayNumber('19000229'))).toBe(true);
  });
});
