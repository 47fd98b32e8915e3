import { describe, expect, it } from 'vitest';
import { areNicknames, NICKNAME_GROUPS, nicknameGroupsFuzzy, shareGroup } from './nicknames.ts';

describe('nickname table', () => {
  it('knows the common English equivalents', () => {
    expect(areNicknames('sam', 'samuel')).toBe(true);
    expect(areNicknames('jon', 'jonathan')).toBe(true);
    expect(areNicknames('bill', 'william')).toBe(true);
    expect(areNicknames('peggy', 'margaret')).toBe(true);
    expect(areNicknames('BOB', 'Robert')).toBe(true);
  });

  it('is symmetric and does not relate unrelated names', () => {
    expect(areNicknames('samuel', 'sam')).toBe(true);
    expect(areNicknames('william', 'robert')).toBe(false);
    expect(areNicknames('amy', 'beth')).toBe(false);
    expect(areNicknames('zzz', 'zzz')).toBe(false); // unknown names are not nicknames of anything
  });

  it('lets a misspelt formal name find its nicknames (five letters or more)', () => {
    expect(shareGroup(nicknameGroupsFuzzy('rhomas'), nicknameGroupsFuzzy('tom'))).toBe(true);
    expect(shareGroup(nicknameGroupsFuzzy('wiliam'), nicknameGroupsFuzzy('bill'))).toBe(true);
    expect(nicknameGroupsFuzzy('joan')).toEqual([]); // too short to guess at
  });

  it('stores names in lower case without spaces', () => {
    for (const group of NICKNAME_GROUPS) for (const name of group) expect(name).toMatch(/^[a-z]+$/);
  });

  it('knows diminutives and foreign forms of one name, but not two names siblings might be given', () => {
    for (const [a, b] of [
      ['stan', 'stanley'],
      ['percy', 'percival'],
      ['nessie', 'agnes'],
      ['herbie', 'herbert'],
      ['pablo', 'paul'],
      ['owain', 'owen'],
      ['karl', 'carl'],
    ]) {
      expect(areNicknames(a as string, b as string), `${a} / ${b}`).toBe(true);
    }
    for (const [a, b] of [
      ['john', 'joan'],
      ['john', 'jean'],
      ['george', 'georgina'],
      ['paul', 'paula'],
      ['charles', 'carl'],
      ['henry', 'harold'],
      ['helen', 'ellen'],
      ['moses', 'maurice'],
    ]) {
      expect(areNicknames(a as string, b as string), `${a} / ${b}`).toBe(false);
    }
  });
});
