import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Templates carry no words of their own: a person reads only what the message catalogue gives (`"key" | t`),
// data, and what macros are given. This reads every template and names each literal word it finds, in text
// between tags, in attributes a person reads or hears (aria-label, title, alt, placeholder), and in the string
// parameters of macro calls (a button's text, a hint, an error summary's title), so a page cannot slip back
// into one language.

const SRC_DIR = path.resolve(import.meta.dirname, '..', '..');

// Parameters and attributes that are never shown: styling, identity, addresses, form plumbing.
const UNSHOWN = new Set([
  'classes',
  'id',
  'idPrefix',
  'name',
  'type',
  'autocomplete',
  'inputmode',
  'href',
  'action',
  'method',
  'value',
  'for',
  'spellcheck',
  'pattern',
  'role',
  'rel',
  'target',
  'src',
  'format',
  'data-testid',
  'data-module',
  'module',
  'nonce',
  'lang',
  'hreflang',
  'enctype',
  'headingLevel',
  'size',
  'rows',
  'width',
  'language',
  'accept',
  'step',
]);

const WORD = /\p{L}{2,}/u;

/** The words left once tags, character references and code samples are taken out (code is not a language). */
function wordsIn(html: string): string | null {
  const text = html
    .replace(/<(code|pre|script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    // A literal may hold half a tag, the rest built from data: '<a href="/people/' + id + '">'.
    .replace(/<[^>]*$/, ' ')
    .replace(/^[^<]*>/, ' ')
    .replace(/&[#\w]+;/g, ' ')
    // A placeholder a component fills in itself (govuk-frontend's "%{count}") is not a word.
    .replace(/%\{\w+\}/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return WORD.test(text) ? text : null;
}

/** Literal words in one template: `line: text` for each. */
export function literalWords(source: string): string[] {
  const found: string[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  // Blank out comments and expressions, keeping offsets, so the text between them can be read.
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  let markup = source.replace(/\{#[\s\S]*?#\}/g, blank);
  const expressions: { start: number; body: string }[] = [];
  markup = markup.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, (match, offset: number) => {
    expressions.push({ start: offset, body: match });
    return blank(match);
  });

  // Text between tags, and attributes read aloud or shown.
  const withoutCode = markup.replace(/<(code|pre|script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, blank);
  for (const m of withoutCode.matchAll(/(?<=^|>)([^<>]+)(?=<|$)/g)) {
    const words = wordsIn(m[1]!);
    if (words) found.push(`${lineOf(m.index)}: ${words}`);
  }
  for (const m of withoutCode.matchAll(/\s(aria-label|title|alt|placeholder)="([^"]*)"/g)) {
    const words = wordsIn(m[2]!);
    if (words) found.push(`${lineOf(m.index)}: ${m[1]}="${words}"`);
  }

  // String literals inside expressions: a catalogue key (followed by `| t`), a template path, a compared value
  // or an unshown parameter is fine; anything else with words in it is text someone would read.
  for (const { start, body } of expressions) {
    if (/^\{%-?\s*(extends|include|from|import|block|endblock)\b/.test(body)) continue;
    for (const m of body.matchAll(/(["'])((?:\\.|(?!\1)[^\\])*)\1/g)) {
      const literal = m[2]!;
      const before = body.slice(0, m.index);
      const after = body.slice(m.index + m[0].length);
      if (/^\s*\)?\s*\|\s*t\b/.test(after)) continue; // "key" | t, or ("key-" + code) | t
      // A compared value, an index or an object's key (a map from data to test ids) is not shown.
      if (/(==|!=|\bin|\bis|\[)\s*$/.test(before) || /^\s*(==|!=|:)/.test(after)) continue;
      const param = /["']?([\w-]+)["']?\s*:\s*$/.exec(before)?.[1];
      if (param && UNSHOWN.has(param)) continue;
      // A lowercase token without spaces (a class, a field name, a key prefix) is not a sentence; a shown
      // parameter (text, html, titleText…) is checked whatever its case.
      const shownParam = param && /(text|html|label|legend|title|hint|caption)$/i.test(param);
      if (!shownParam && /^[a-z0-9_\-./#:?=&%+@][\w\-./#:?=&%+@]*$|^$/.test(literal)) continue;
      const words = wordsIn(literal);
      if (words) found.push(`${lineOf(start + m.index)}: "${words}"`);
    }
  }
  return found;
}

function templates(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return templates(full);
    return entry.name.endsWith('.njk') ? [full] : [];
  });
}

describe('templates', () => {
  it('carry no literal words: every word a person reads comes from the catalogue', () => {
    const checked = templates(SRC_DIR);
    const problems = checked.flatMap((file) =>
      literalWords(fs.readFileSync(file, 'utf8')).map((p) => `${path.relative(SRC_DIR, file)}:${p}`),
    );
    expect(problems).toEqual([]);
    expect(checked.length).toBeGreaterThan(40);
  });

  it('finds words in text, in attributes read aloud and in macro parameters, and lets keys, data and code be', () => {
    expect(literalWords('<h1 class="govuk-heading-l">Your account</h1>')).toEqual(['1: Your account']);
    expect(literalWords('{{ govukButton({ text: "Sign out", classes: "govuk-button--secondary" }) }}')).toEqual([
      '1: "Sign out"',
    ]);
    expect(literalWords('{{ govukInput({ hint: { text: "12 characters" } }) }}')).toEqual(['1: "12 characters"']);
    expect(literalWords('<nav aria-label="Menu"></nav>')).toEqual(['1: aria-label="Menu"']);
    expect(literalWords('{{ x({ html: "<strong>" + f.title + ":</strong> Raised" }) }}')).toEqual(['1: ": Raised"']);
    expect(literalWords('{% set heading = "Open cases" %}')).toEqual(['1: "Open cases"']);
    expect(literalWords('{{ x({ text: "label" }) }}')).toEqual(['1: "label"']);
    const fine = [
      '<h1 class="govuk-heading-l">{{ "people.search.title" | t }}</h1>',
      '{{ govukButton({ text: "layout.sign-out" | t, classes: "govuk-button--secondary" }) }}',
      '{{ ("layout.language.switch-to-" + choice.code) | t }}',
      '{% from "govuk/components/button/macro.njk" import govukButton %}{% extends "layout.njk" %}',
      '{% if actor.role == "administrator" %}{% endif %}{# A comment with words #}',
      '<p>{{ person.name }} &ndash; {{ when | date }}</p><code>GET /api/v1/people</code>',
      '{{ govukInput({ id: "email", name: "email", autocomplete: "one-time-code", attributes: { "data-testid": "Y" } }) }}',
      '<a href="/people/search" data-testid="Search">{{ "k.a" | t }}</a>',
    ];
    for (const source of fine) expect(literalWords(source), source).toEqual([]);
  });
});
