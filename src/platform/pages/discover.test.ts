import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pagesIn } from './discover.ts';

const fixture = path.resolve(import.meta.dirname, '../../../test/fixtures/page-discovery');

describe('pages found in a module folder', () => {
  it('serves every page defined in its files, each once, in path order, and nothing merely shaped like one', async () => {
    const pages = await pagesIn(fixture);
    expect(pages.map((p) => p.path)).toEqual(['/fixture/a', '/fixture/b', '/fixture/request']);
  });
});
