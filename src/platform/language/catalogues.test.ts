import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueFiles, loadCatalogues } from './catalogues.ts';
import { label, withLanguage } from './index.ts';
import { LANGUAGES, type Language } from './languages.ts';

const languages = Object.keys(LANGUAGES) as Language[];
const files = catalogueFiles();
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// A plural form (key_one, key_two, …) stands for its base key; languages differ in which forms they need.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const baseKeys = (messages: Record<string, string>) => new Set(Object.keys(messages).map((k) => k.replace(PLURAL, '')));

describe('the message catalogue', () => {
  const srcDir = path.join(import.meta.dirname, '..', '..');
  const folders = [...new Set(files.map((f) => path.relative(srcDir, f.dir)))];

  it.each(folders)('%s has a file for every language, with the same keys in each', (owner) => {
    const mine = files.filter((f) => path.relative(srcDir, f.dir) === owner);
    expect(mine.map((f) => f.language).sort(), `${owner}: languages`).toEqual([...languages].sort());
    const [first, ...others] = mine;
    for (const other of others) {
      const a = baseKeys(first!.messages);
      const b = baseKeys(other.messages);
      expect(
        [...a].filter((k) => !b.has(k)),
        `${owner}: missing in ${other.language}`,
      ).toEqual([]);
      expect(
        [...b].filter((k) => !a.has(k)),
        `${owner}: missing in ${first!.language}`,
      ).toEqual([]);
    }
  });

  it('has no empty message, and the same placeholders in every language', () => {
    const catalogues = loadCatalogues(files);
    for (const [key, english] of Object.entries(catalogues.en)) {
      for (const language of languages) {
        const text = catalogues[language][key] ?? catalogues[language][`${key.replace(PLURAL, '')}_other`];
        expect(text?.trim(), `${language} ${key}`).toBeTruthy();
        if (!PLURAL.test(key)) expect(placeholders(text!), `${language} ${key}`).toEqual(placeholders(english));
      }
    }
  });

  it('names every key used by a template or a source file', () => {
    const catalogues = loadCatalogues(files);
    const known = baseKeys(catalogues.en);
    const srcDir = path.resolve(import.meta.dirname, '..', '..');
    const used: { key: string; file: string }[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(njk|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          const text = fs.readFileSync(full, 'utf8');
          // "key" | t   and   label('key'   — literal keys only; keys built from a status are checked by their own tests.
          for (const m of text.matchAll(/["']([a-z][\w.-]*\.[\w.-]*[\w-])["']\s*\|\s*t\b/g))
            used.push({ key: m[1]!, file: full });
          for (const m of text.matchAll(/\blabel\(\s*'([a-z][\w.-]*\.[\w.-]*[\w-])'/g))
            used.push({ key: m[1]!, file: full });
        }
      }
    };
    walk(srcDir);
    const unknown = used.filter((u) => !known.has(u.key)).map((u) => `${path.relative(srcDir, u.file)}: ${u.key}`);
    expect(unknown).toEqual([]);
    expect(used.length).toBeGreaterThan(10);
  });

  it('refuses a key claimed by two files, or a module key outside its own name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-'));
    const write = (rel: string, messages: object) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), JSON.stringify(messages));
    };
    write('platform/messages/en.json', { 'layout.a': 'A' });
    write('modules/risk/messages/en.json', { 'people.a': 'B' });
    expect(() => loadCatalogues(catalogueFiles(dir))).toThrow(/must start with "risk\."/);
    write('modules/risk/messages/en.json', { 'risk.a': 'B' });
    write('modules/marac/messages/en.json', { 'risk.a': 'C' });
    expect(() => loadCatalogues(catalogueFiles(dir))).toThrow(/must start with "marac\."/);
    write('modules/marac/messages/en.json', {});
    write('platform/messages/cy.json', { 'layout.a': 'A', 'risk.a': 'x' });
    write('modules/risk/messages/cy.json', { 'risk.a': 'B' });
    expect(() => loadCatalogues(catalogueFiles(dir))).toThrow(/in both/);
    // Words beside a journey's pages belong to the module too: they must start with its name, and may not repeat a key.
    write('platform/messages/cy.json', { 'layout.a': 'A' });
    write('modules/risk/plans/en.json', { 'plans.a': 'D' });
    expect(() => loadCatalogues(catalogueFiles(dir))).toThrow(/plans\.a in .*plans.*must start with "risk\."/);
    write('modules/risk/plans/en.json', { 'risk.a': 'D' });
    expect(() => loadCatalogues(catalogueFiles(dir))).toThrow(/in both/);
    write('modules/risk/plans/en.json', { 'risk.b': 'D' });
    expect(loadCatalogues(catalogueFiles(dir)).en['risk.b']).toBe('D');
  });

  it('speaks the page language, plural forms included, and shows an unknown key as itself', () => {
    expect(label('role.practitioner')).toBe('Practitioner');
    expect(withLanguage('cy', () => label('role.practitioner'))).toBe('Ymarferydd');
    expect(label('layout.title', { title: 'Home' })).toBe('Home – Whole Picture');
    expect(withLanguage('cy', () => label('no.such-key'))).toBe('no.such-key');
  });
});
