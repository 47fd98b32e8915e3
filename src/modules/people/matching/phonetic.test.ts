import { describe, expect, it } from 'vitest';
import { metaphone } from './phonetic.ts';

describe('metaphone', () => {
  it('gives names that sound alike the same code', () => {
    const same: [string, string][] = [
      ['smith', 'smyth'],
      ['catherine', 'kathryn'],
      ['stephen', 'steven'],
      ['philip', 'filip'],
      ['knight', 'night'],
      ['clark', 'clarke'],
      ['mcdonald', 'mcdonnald'],
      ['emlie', 'amelie'],
      ['emily', 'emlie'],
      ['wright', 'right'],
      ['shaun', 'shawn'],
    ];
    for (const [a, b] of same) expect(metaphone(a), `${a} / ${b}`).toBe(metaphone(b));
  });

  it('keeps names that sound different apart', () => {
    expect(metaphone('smith')).not.toBe(metaphone('jones'));
    expect(metaphone('mary')).not.toBe(metaphone('harry'));
  });

  it('codes a few names as expected', () => {
    expect(metaphone('Smith')).toBe('SM0');
    expect(metaphone('Knight')).toBe('NT');
    expect(metaphone('Xavier')).toBe('SFR');
    expect(metaphone('Phillips')).toBe('FLPS');
    expect(metaphone('Ashley')).toBe('AXL');
    expect(metaphone('')).toBe('');
    expect(metaphone("O'Brien")).toBe(metaphone('obrien'));
  });
});
