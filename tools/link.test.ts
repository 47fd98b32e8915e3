import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from './cli.ts';
import { main, parseArgs, parseCsv, parseMapping, resolveMapping, toRecords, truthLabel } from './link.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const dataDir = resolve(repoRoot, 'test/fixtures/linkage');

function dataFile(name: string): string {
  const path = join(dataDir, name);
  if (!existsSync(path)) throw new Error(`linkage test data missing: ${path} — it ships in test/fixtures/linkage`);
  return path;
}

describe('parseCsv', () => {
  it('reads quoted cells, doubled quotes, CRLF, and trims FEBRL-style padding', () => {
    const rows = parseCsv('id, name ,note\r\n1, ann ,"a, b"\r\n2,,"say ""hi"""\n');
    expect(rows).toEqual([
      { id: '1', name: 'ann', note: 'a, b' },
      { id: '2', name: null, note: 'say "hi"' },
    ]);
  });
});

describe('mapping', () => {
  it('parses field=column pairs and rejects unknown fields', () => {
    expect(parseMapping('firstName=given_name,address=street_number+address_1')).toEqual({
      firstName: 'given_name',
      address: 'street_number+address_1',
    });
    expect(() => parseMapping('shoeSize=x')).toThrow(/field=column/);
  });

  it('guesses common column names and checks mapped columns exist', () => {
    const m = resolveMapping(['rec_id', 'given_name', 'surname', 'date_of_birth', 'postcode', 'soc_sec_id'], {});
    expect(m).toMatchObject({
      id: 'rec_id',
      firstName: 'given_name',
      surname: 'surname',
      dob: 'date_of_birth',
      postcode: 'postcode',
      otherId: 'soc_sec_id',
    });
    expect(() => resolveMapping(['a'], { surname: 'b' })).toThrow(/column "b"/);
    expect(resolveMapping(['cluster', 'surname'], {}, ['cluster'])).toEqual({ surname: 'surname' });
  });

  it('joins columns given with +', () => {
    const [r] = toRecords([{ no: '7', street: 'high st', x: null }], { address: 'no+street+x' });
    expect(r).toEqual({ id: '1', address: '7 high st' });
  });
});

describe('truthLabel', () => {
  it('reduces FEBRL ids to the person', () => {
    expect(truthLabel('rec-12-org')).toBe('rec-12');
    expect(truthLabel('rec-12-dup-3')).toBe('rec-12');
    expect(truthLabel('Q2296770')).toBe('Q2296770');
    expect(truthLabel('')).toBeNull();
  });
});

describe('command line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('rejects bad arguments with a usage message', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['--left', 'a.csv'])).toBe(2);
    expect(await main(['--bogus', 'x'])).toBe(2);
    expect(() => parseArgs(['--out'])).toThrow(/needs a value/);
    expect(err).toHaveBeenCalled();
  });

  it('deduplicates fake_1000.csv, writes pairs and prints precision, recall, F1 and time', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'link-')), 'pairs.csv');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => lines.push(s));
    expect(await dispatch(['link', '--input', dataFile('fake_1000.csv'), '--truth', 'cluster', '--out', out])).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/precision:\s+(0\.9\d+|1\.0000)/);
    expect(text).toMatch(/recall:\s+0\.\d+/);
    expect(text).toMatch(/F1:\s+0\.[89]\d+/);
    expect(text).toMatch(/elapsed:\s+[\d.]+ s/);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('left_id,right_id,match_weight,match_probability,decision,names_conflict,cluster');
    expect(csv.length).toBeGreaterThan(500);
  });

  it('links two files with a column mapping', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'link-'));
    const left = join(dir, 'police.csv');
    const right = join(dir, 'health.csv');
    writeFileSync(
      left,
      'ref,forename,family,born,pc\nP1,Jon,Smith,1980-01-02,LS1 4AP\nP2,Amy,Khan,1975-05-05,M1 1AE\nP3,Zed,Nowak,2001-02-03,B15 2TT\n',
    );
    writeFileSync(
      right,
      'ref,forename,family,born,pc\nH1,Jonathan,Smith,02/01/1980,LS1 4AP\nH2,Ann,Lee,1990-09-09,NE1 7RU\n',
    );
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => lines.push(s));
    const code = await main([
      '--left',
      left,
      '--right',
      right,
      '--map',
      'id=ref,firstName=forename,surname=family,dob=born,postcode=pc',
      '--out',
      join(dir, 'pairs.csv'),
    ]);
    expect(code).toBe(0);
    expect(lines.join('\n')).toMatch(/records:\s+5 \(3 \+ 2\)/);
    const csv = readFileSync(join(dir, 'pairs.csv'), 'utf8');
    expect(csv).toMatch(/^P1,H1,/m);
  });

  it('cli lists its commands and rejects unknown ones', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await dispatch(['--help'])).toBe(0);
    expect(log.mock.calls.flat().join('')).toMatch(/link/);
    expect(await dispatch(['nope'])).toBe(2);
  });
});
