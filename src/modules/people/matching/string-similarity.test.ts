import { describe, expect, it } from 'vitest';
import {
  editDistance,
  jaroWinkler,
  jaroWinklerAtLeast,
  jaroWinklerBelow,
  letterMask,
  withinOneEdit,
} from './string-similarity.ts';

describe('jaroWinkler', () => {
  it('matches published values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
  });

  it('is 1 for equal strings, 0 for nothing in common or an empty string', () => {
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('', '')).toBe(0);
  });

  it('is symmetric', () => {
    for (const [a, b] of [
      ['jonathan', 'jon'],
      ['crate', 'trace'],
      ['abcde', 'edcba'],
      ['aab', 'aba'],
    ] as const) {
      expect(jaroWinkler(a, b)).toBe(jaroWinkler(b, a));
    }
  });
});

describe('editDistance and withinOneEdit', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });

  it('agrees with editDistance <= 1', () => {
    const words = ['smith', 'smyth', 'simth', 'smit', 'smiths', 'mith', 'jones', 'smtih', 'ab', 'ba', 'a', ''];
    for (const a of words)
      for (const b of words) expect(withinOneEdit(a, b), `${a}/${b}`).toBe(editDistance(a, b) <= 1);
  });
});

describe('jaroWinklerAtLeast', () => {
  it('equals jaroWinkler whenever that reaches the floor', () => {
    const words = [
      'martha',
      'marhta',
      'dwayne',
      'duane',
      'dixon',
      'dicksonx',
      'smith',
      'smyth',
      'jones',
      'zoë',
      'zoe',
      'a',
      'ab',
    ];
    for (const a of words) {
      for (const b of words) {
        for (const floor of [0.8, 0.9]) {
          const full = jaroWinkler(a, b);
          const bounded = jaroWinklerAtLeast(a, b, floor);
          if (full >= floor) expect(bounded).toBe(full);
          else expect(bounded).toBeLessThan(floor);
        }
      }
    }
  });
});

describe('jaroWinklerBelow', () => {
  const below = (a: string, b: string, floor: number) =>
    jaroWinklerBelow(a.length, b.length, letterMask(a), letterMask(b), floor);

  it('never rules out a pair whose Jaro-Winkler reaches the floor', () => {
    const names = [
      'john',
      'jon',
      'johnson',
      'jonathan',
      'mary',
      'marie',
      'maria',
      'smith',
      'smyth',
      'evan',
      'bevan',
      'ann',
      'anne',
      'x',
      'zoe',
    ];
    for (const a of names)
      for (const b of names)
        for (const floor of [0.8, 0.88, 0.9]) if (jaroWinkler(a, b) >= floor) expect(below(a, b, floor)).toBe(false);
  });

  it('rules out names with few letters in common', () => {
    expect(below('john', 'mary', 0.9)).toBe(true);
    expect(below('smith', 'evans', 0.8)).toBe(true);
  });
});
