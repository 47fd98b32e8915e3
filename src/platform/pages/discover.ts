import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPage, type AnyPage } from './page.ts';

// A module's pages are the pages its files export (alone or in a list), found by reading its folder, so adding
// a page is adding its file. Nothing is served without a decision: the authorisation matrix test fails for a
// registered route it does not list. Tests, migrations and the module's route file itself are not read.
const SKIPPED = /(\.test\.ts|\.d\.ts)$|^\d{4}-|^routes\.ts$/;

async function sourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(full)));
    else if (entry.name.endsWith('.ts') && !SKIPPED.test(entry.name)) files.push(full);
  }
  return files;
}

/** Every page the files under a module's folder export, ordered by path then by file, each once. */
export async function pagesIn(moduleDir: string): Promise<AnyPage[]> {
  const found = new Set<AnyPage>();
  for (const file of (await sourceFiles(moduleDir)).sort()) {
    const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      for (const candidate of Array.isArray(value) ? value : [value]) if (isPage(candidate)) found.add(candidate);
    }
  }
  return [...found].sort((a, b) => a.path.localeCompare(b.path));
}
