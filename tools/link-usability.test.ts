import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, mappingWarnings, resolveMapping, toRecords } from './link.ts';
import { prepareRecord } from '../src/modules/people/matching/index.ts';

const LEFT = [
  'person_id,forename,last_name,dob_day,dob_month,dob_year,gender,post_code',
  'A1,Grace,Okafor,7,3,1984,F,LS1 4AP',
  'A2,Luke,Brennan,12,11,1990,M,M1 1AE',
  'A3,Sarah,Khan,1,2,1975,F,B15 2TT',
  'A4,Tom,Nowak,5,6,2001,M,NE1 7RU',
].join('\n');
const RIGHT = [
  'person_id,forename,last_name,dob_day,dob_month,dob_year,gender,post_code',
  'B1,Crace,Okafor,07,03,1984,F,LS1 4AP',
  'B2,Lvke,Brennan,12,11,1990,M,M1 1AE',
  'B3,Sarah,Khan,01,02,1975,F,B15 2TT',
  'B4,Ann,Lee,9,9,1960,F,SW1A 1AA',
].join('\n');

function files(): { dir: string; left: string; right: string } {
  const dir = mkdtempSync(join(tmpdir(), 'link-'));
  writeFileSync(join(dir, 'a.csv'), LEFT + '\n');
  writeFileSync(join(dir, 'b.csv'), RIGHT + '\n');
  return { dir, left: join(dir, 'a.csv'), right: join(dir, 'b.csv') };
}

describe('a command a new user can run', () => {
  afterEach(() => vi.restoreAllMocks());

  it('recognises common column names and day, month and year columns without --map', () => {
    const m = resolveMapping(
      ['person_id', 'forename', 'last_name', 'dob_day', 'dob_month', 'dob_year', 'gender', 'post_code'],
      {},
    );
    expect(m).toMatchObject({
      id: 'person_id',
      firstName: 'forename',
      surname: 'last_name',
      dob: 'dob_day+dob_month+dob_year',
      sex: 'gender',
      postcode: 'post_code',
    });
  });

  it('reads dob=day+month+year (and year+month+day) into a date of birth', () => {
    const rows = [{ d: '7', m: '3', y: '1984' }];
    expect(prepareRecord(toRecords(rows, { dob: 'd+m+y' })[0]!).dob).toBe('19840307');
    expect(prepareRecord(toRecords(rows, { dob: 'y+m+d' })[0]!).dob).toBe('19840307');
  });

  it('warns when a mapped field gives no usable value for most rows, and when no date of birth is found', () => {
    const rows = [{ born: 'third of May' }, { born: 'unknown' }, { born: '1984-03-07' }];
    const records = toRecords(rows, { dob: 'born' }).map(prepareRecord);
    const warnings = mappingWarnings('input', rows, { dob: 'born' }, records);
    expect(warnings.join('\n')).toMatch(
      /dob \(from born\) gives no usable value for 67% of rows, e\.g\. "third of May"/,
    );
    expect(mappingWarnings('input', rows, {}, records).join('\n')).toMatch(
      /no column recognised for a given name, a surname, a date of birth/,
    );
  });

  it('prints the mapping and the fitted model, links a one-letter slip when birthday and sex agree, saves the model, and explains a pair', async () => {
    const { dir, left, right } = files();
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => lines.push(s));
    vi.spyOn(console, 'warn').mockImplementation((s: string) => lines.push(s));
    const out = join(dir, 'pairs.csv');
    expect(await main(['--left', left, '--right', right, '--out', out, '--explain', 'A1,B1'])).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/columns used \(left\):/);
    expect(text).toMatch(/dob\s+<- dob_day \+ dob_month \+ dob_year/);
    expect(text).toMatch(/fitted model/);
    expect(text).toMatch(/pair A1 \/ B1:/);
    expect(text).toMatch(/firstName\s+\S+/);
    expect(text).toMatch(/decision: /);
    const model = JSON.parse(readFileSync(join(dir, 'pairs.model.json'), 'utf8')) as {
      comparisons: { name: string }[];
    };
    expect(model.comparisons.map((c) => c.name)).toContain('dob');
    expect(readFileSync(out, 'utf8')).toMatch(/^A3,B3,/m);
  });

  it('says so when no pair is found', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'link-'));
    writeFileSync(join(dir, 'x.csv'), 'a,b\n1,2\n3,4\n');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation((s: string) => lines.push(s));
    expect(await main(['--input', join(dir, 'x.csv')])).toBe(0);
    expect(lines.join('\n')).toMatch(/no column recognised/);
    expect(lines.join('\n')).toMatch(/no pair of records reached the review bound/);
  });
});
