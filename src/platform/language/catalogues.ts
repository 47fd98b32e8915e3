import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES, type Language } from './languages.ts';

// The message catalogue is one set of keys, kept as plain JSON files a translator can edit: the platform's
// in src/platform/messages/<language>.json and each module's in <language>.json files in its folder: its
// messages/ folder, or a journey folder beside the pages that use them. A module's keys start with its own name,
// so two modules can never claim the same key.

const SRC_DIR = path.resolve(import.meta.dirname, '..', '..');

export interface CatalogueFile {
  owner: string; // 'platform' or the module's folder name
  /** The folder holding it: each folder has one file per language, with the same keys. */
  dir: string;
  language: Language;
  file: string;
  messages: Record<string, string>;
}

export function catalogueFiles(srcDir = SRC_DIR): CatalogueFile[] {
  const places = [{ owner: 'platform', dir: path.join(srcDir, 'platform', 'messages') }];
  const modulesDir = path.join(srcDir, 'modules');
  for (const name of fs.readdirSync(modulesDir).sort())
    for (const dir of foldersWithin(path.join(modulesDir, name))) places.push({ owner: name, dir });
  const files: CatalogueFile[] = [];
  for (const { owner, dir } of places) {
    for (const language of Object.keys(LANGUAGES) as Language[]) {
      const file = path.join(dir, `${language}.json`);
      if (!fs.existsSync(file)) continue;
      files.push({ owner, dir, language, file, messages: JSON.parse(fs.readFileSync(file, 'utf8')) });
    }
  }
  return files;
}

function foldersWithin(dir: string): string[] {
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return [];
  const inside = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  return [dir, ...inside.flatMap((e) => foldersWithin(path.join(dir, e.name)))];
}

/** Every language's messages by key; refuses at start a key claimed twice or outside its module's name. */
export function loadCatalogues(files = catalogueFiles()): Record<Language, Record<string, string>> {
  const catalogues = Object.fromEntries(Object.keys(LANGUAGES).map((l) => [l, {}])) as Record<
    Language,
    Record<string, string>
  >;
  const claimedBy = new Map<string, string>();
  for (const { owner, language, file, messages } of files) {
    for (const [key, text] of Object.entries(messages)) {
      if (typeof text !== 'string') throw new Error(`Message ${key} in ${file} is not text`);
      if (owner !== 'platform' && !key.startsWith(`${owner}.`))
        throw new Error(`Message ${key} in ${file} must start with "${owner}."`);
      const first = claimedBy.get(`${language}:${key}`);
      if (first) throw new Error(`Message ${key} is in both ${first} and ${file}`);
      claimedBy.set(`${language}:${key}`, file);
      catalogues[language][key] = text;
    }
  }
  return catalogues;
}
