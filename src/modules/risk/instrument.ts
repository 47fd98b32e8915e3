// Risk instruments are data, not code: a partnership (or a licensed official
// wording) can publish a new instrument file without a release. This file is
// the single definition of what a valid instrument file is; the JSON Schema
// in instruments/schema.json is generated from it (see instrument.test.ts), so
// editors and the loader can never disagree.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

// Stable identifiers: lower-case words joined by hyphens. Answers, history and
// reports refer to questions by these ids, so they must never be reworded.
const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, for example "threats-to-kill"');

// "1", "2", "1-alt", "2-local": a number, optionally followed by a label, so an
// alternative wording sits beside the version it rewords.
const version = z
  .string()
  .regex(
    /^[0-9]+(-[a-z0-9]+)*$/,
    'must be a number optionally followed by a hyphenated label, for example "1" or "1-alt"',
  );

const text = z.string().regex(/\S/, 'must not be blank');

const instrumentKeyPattern = /^[a-z0-9]+(-[a-z0-9]+)*@[0-9]+(-[a-z0-9]+)*$/;

// Who wrote the words matters: official wordings are copyrighted and can only
// be loaded where the partnership holds a licence.
const wordingSchema = z
  .strictObject({
    source: text.meta({ description: 'Who wrote this wording.' }),
    licence: text.meta({ description: 'The licence under which the wording may be used.' }),
    note: text.optional(),
  })
  .meta({ description: 'Where the words come from and on what terms they may be used.' });

const commonFields = {
  $schema: z.string().optional(),
  id: slug.meta({ description: 'Stable instrument id; assessments store it with the version.' }),
  version: version.meta({
    description:
      'Version label; an assessment keeps the version it used, so a new version never changes an old result.',
  }),
  title: text,
  description: text,
  wording: wordingSchema,
  alternativeWordingOf: z
    .string()
    .regex(instrumentKeyPattern, 'must be "<id>@<version>", for example "multi-agency-checklist@1"')
    .optional()
    .meta({
      description:
        'Set when this file only rewords another instrument: the loader then checks that questions, risk factors, scoring and thresholds are identical to it.',
    }),
};

const questionSchema = z.strictObject({
  id: slug.meta({
    description: 'Stable question id, shared by every version and wording that asks about the same thing.',
  }),
  riskFactor: slug.meta({ description: 'The risk factor a yes answer shows; used to compare assessments over time.' }),
  text: text.meta({ description: 'The question as asked.' }),
  help: text.meta({ description: 'Guidance for the practitioner asking the question.' }),
  scored: z
    .boolean()
    .meta({ description: 'Whether a yes counts towards the score. Unscored questions are still recorded and shown.' }),
  section: text.optional(),
});

// The same instrument in another language: every text a practitioner reads, by question id. When a language is
// declared, its wording must be complete (the loader refuses a gap), so a page never mixes two languages.
// English is the instrument's own text; only our own wordings are translated here.
const answerLabelsSchema = z
  .strictObject({ yes: text, no: text, 'dont-know': text, 'not-asked': text })
  .meta({ description: 'How each of the four fixed answers is shown.' });

const checklistWordingSchema = z.strictObject({
  title: text,
  description: text,
  source: text.meta({ description: 'Who wrote this wording, in this language.' }),
  answerLabels: answerLabelsSchema,
  commentPrompt: text,
  questions: z.record(
    slug,
    z.strictObject({ text: text, help: text, section: text.optional() }).meta({ description: 'By question id.' }),
  ),
});

const translationsOf = <T extends z.ZodType>(wording: T) =>
  z
    .strictObject({ cy: wording.optional().meta({ description: 'Welsh (Cymraeg).' }) })
    .optional()
    .meta({ description: 'The wording in other languages; a declared language must be complete.' });

export const checklistSchema = z
  .strictObject({
    ...commonFields,
    kind: z.literal('checklist'),
    answerLabels: answerLabelsSchema,
    commentPrompt: text.meta({ description: 'Prompt shown beside the comment box of every question.' }),
    questions: z.array(questionSchema).min(1),
    scoring: z.strictObject({
      method: z.literal('count-yes').meta({ description: 'Each yes to a scored question counts one point.' }),
      description: text,
    }),
    thresholds: z
      .strictObject({
        high: z.int().min(1).meta({ description: 'Score at or above which the level is high.' }),
        medium: z.int().min(1).meta({ description: 'Score at or above which the level is medium.' }),
        note: text.meta({ description: 'Where the thresholds come from and who may change them.' }),
      })
      .meta({ description: 'Level thresholds; below medium the level is standard.' }),
    translations: translationsOf(checklistWordingSchema),
  })
  .superRefine((checklist, ctx) => {
    for (const [language, wording] of Object.entries(checklist.translations ?? {})) {
      if (!wording) continue;
      const path = ['translations', language, 'questions'];
      const ids = new Set(checklist.questions.map((q) => q.id));
      for (const question of checklist.questions) {
        const worded = wording.questions[question.id];
        if (!worded) ctx.addIssue({ code: 'custom', path: [...path, question.id], message: 'has no wording' });
        else if (Boolean(worded.section) !== Boolean(question.section))
          ctx.addIssue({
            code: 'custom',
            path: [...path, question.id, 'section'],
            message: 'must be given exactly when the question has a section',
          });
      }
      for (const id of Object.keys(wording.questions))
        if (!ids.has(id))
          ctx.addIssue({ code: 'custom', path: [...path, id], message: 'is not a question of this checklist' });
      // Sections are the runs of questions with the same title; a translation must keep the same runs.
      const runs = (titleOf: (q: (typeof checklist.questions)[number]) => string | undefined) =>
        checklist.questions
          .map((q, i) => (i > 0 && titleOf(q) === titleOf(checklist.questions[i - 1]!) ? '=' : '|'))
          .join('');
      if (runs((q) => q.section) !== runs((q) => wording.questions[q.id]?.section))
        ctx.addIssue({
          code: 'custom',
          path,
          message: 'must group the questions into the same sections as the English',
        });
    }
    const seen = new Set<string>();
    checklist.questions.forEach((question, index) => {
      if (seen.has(question.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'id'],
          message: `question id "${question.id}" is used twice`,
        });
      }
      seen.add(question.id);
    });
    const { high, medium } = checklist.thresholds;
    if (medium >= high) {
      ctx.addIssue({
        code: 'custom',
        path: ['thresholds', 'medium'],
        message: `must be below the high threshold (${high})`,
      });
    }
    // A threshold nobody can reach would silently hide high risk.
    const scoredCount = checklist.questions.filter((question) => question.scored).length;
    if (high > scoredCount) {
      ctx.addIssue({
        code: 'custom',
        path: ['thresholds', 'high'],
        message: `is ${high} but there are only ${scoredCount} scored questions, so it can never be reached`,
      });
    }
  });

export const childRatings = ['low', 'medium', 'high', 'severe'] as const;
export type ChildRating = (typeof childRatings)[number];

const ratingDescriptions = z.strictObject({ low: text, medium: text, high: text, severe: text });

const dimensionSchema = z.strictObject({
  id: slug,
  role: z
    .enum(['risk', 'protection'])
    .meta({ description: 'A risk dimension raises the overall rating; the protection dimension can lower it.' }),
  text: text,
  help: text,
  levelDescriptions: ratingDescriptions.meta({
    description:
      "What each rating means for this dimension. Every dimension is rated as a level of concern, so 'low' is always the best state: for protection, 'low' means strong protection.",
  }),
});

const childMatrixWordingSchema = z.strictObject({
  title: text,
  description: text,
  source: text,
  ratingLabels: ratingDescriptions,
  dimensions: z.record(slug, z.strictObject({ text: text, help: text, levelDescriptions: ratingDescriptions })),
  overallRuleDescription: text,
});

export const childMatrixSchema = z
  .strictObject({
    ...commonFields,
    kind: z.literal('child-matrix'),
    appliesTo: z.literal('each-child-in-household'),
    ratingLabels: ratingDescriptions.meta({ description: 'How each rating is shown.' }),
    dimensions: z.array(dimensionSchema).min(2),
    overallRule: z.strictObject({
      method: z.literal('highest-risk-lowered-by-strong-protection').meta({
        description:
          "Overall = the highest rating of the risk dimensions, lowered one step when the protection dimension is rated 'low' (strong protection), never below the floor dimension.",
      }),
      floorDimension: slug.meta({ description: 'Risk dimension the overall rating may never fall below.' }),
      description: text,
    }),
    translations: translationsOf(childMatrixWordingSchema),
  })
  .superRefine((matrix, ctx) => {
    for (const [language, wording] of Object.entries(matrix.translations ?? {})) {
      if (!wording) continue;
      const given = Object.keys(wording.dimensions).sort().join(',');
      if (
        given !==
        matrix.dimensions
          .map((d) => d.id)
          .sort()
          .join(',')
      )
        ctx.addIssue({
          code: 'custom',
          path: ['translations', language, 'dimensions'],
          message: 'must word every dimension, and only those',
        });
    }
    const ids = matrix.dimensions.map((dimension) => dimension.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['dimensions', index, 'id'],
          message: `dimension id "${id}" is used twice`,
        });
      }
    });
    if (matrix.dimensions.filter((dimension) => dimension.role === 'protection').length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['dimensions'],
        message: 'must have exactly one dimension with role "protection"',
      });
    }
    const floor = matrix.dimensions.find((dimension) => dimension.id === matrix.overallRule.floorDimension);
    if (!floor || floor.role !== 'risk') {
      ctx.addIssue({
        code: 'custom',
        path: ['overallRule', 'floorDimension'],
        message: `"${matrix.overallRule.floorDimension}" is not one of the risk dimensions`,
      });
    }
  });

export const instrumentSchema = z.discriminatedUnion('kind', [checklistSchema, childMatrixSchema]).meta({
  title: 'Whole Picture risk instrument',
  description:
    'A versioned risk instrument: a checklist of risk factors, or a matrix rated for each child in the household. Generated from src/modules/risk/instrument.ts; do not edit by hand.',
});

// instruments/schema.json is this, written out; the test fails when they drift.
// Regenerate with:
//   npx tsx -e "import('./src/modules/risk/instrument.ts').then(m => console.log(JSON.stringify(m.instrumentJsonSchema(), null, 2)))" > instruments/schema.json
export function instrumentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(instrumentSchema, { io: 'input' }) as Record<string, unknown>;
}

export type ChecklistInstrument = z.infer<typeof checklistSchema>;
export type ChecklistQuestion = ChecklistInstrument['questions'][number];
export type ChildMatrixInstrument = z.infer<typeof childMatrixSchema>;
export type Instrument = z.infer<typeof instrumentSchema>;
export type InstrumentRegistry = ReadonlyMap<string, Instrument>;

export type InstrumentLanguage = 'en' | keyof NonNullable<ChecklistInstrument['translations']>;

/** The instrument in a page's language: its declared translation, or its own (English) words when it has none. */
export function wordedIn<I extends Instrument>(instrument: I, language: InstrumentLanguage): I {
  if (language === 'en') return instrument;
  if (instrument.kind === 'checklist') {
    const w = instrument.translations?.[language];
    if (!w) return instrument;
    return {
      ...instrument,
      title: w.title,
      description: w.description,
      wording: { ...instrument.wording, source: w.source },
      answerLabels: w.answerLabels,
      commentPrompt: w.commentPrompt,
      questions: instrument.questions.map((q) => ({ ...q, ...w.questions[q.id] })),
    };
  }
  const w = instrument.translations?.[language];
  if (!w) return instrument;
  return {
    ...instrument,
    title: w.title,
    description: w.description,
    wording: { ...instrument.wording, source: w.source },
    ratingLabels: w.ratingLabels,
    dimensions: instrument.dimensions.map((d) => ({ ...d, ...w.dimensions[d.id] })),
    overallRule: { ...instrument.overallRule, description: w.overallRuleDescription },
  };
}

/** Whether the page's language has the instrument's own wording (else the English is shown, marked as English). */
export const hasWordingIn = (instrument: Instrument, language: InstrumentLanguage) =>
  language === 'en' || Boolean(instrument.translations?.[language]);

export function instrumentKey(instrument: { id: string; version: string }): string {
  return `${instrument.id}@${instrument.version}`;
}

export type InstrumentProblem = { field: string; message: string };

// Names the file and every bad field, so whoever edits an instrument can fix
// it without reading code.
export class InstrumentError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly InstrumentProblem[],
  ) {
    super(`${source} is not a valid instrument:\n${problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`);
    this.name = 'InstrumentError';
  }
}

// "questions[3].text", with the question's id when known, reads better than
// zod's raw path array.
function fieldName(path: readonly PropertyKey[], json: unknown): string {
  let name = '';
  let node: unknown = json;
  for (const part of path) {
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[part] : undefined;
    if (typeof part === 'number') {
      const id = node !== null && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      name += typeof id === 'string' ? `[${part}] (id "${id}")` : `[${part}]`;
    } else {
      name += name === '' ? String(part) : `.${String(part)}`;
    }
  }
  return name === '' ? '(whole file)' : name;
}

export function loadInstrument(json: unknown, source = 'instrument'): Instrument {
  const result = instrumentSchema.safeParse(json);
  if (!result.success) {
    throw new InstrumentError(
      source,
      result.error.issues.map((issue) => ({ field: fieldName(issue.path, json), message: issue.message })),
    );
  }
  return result.data;
}

// A rewording must not change who is assessed as high risk, so everything but
// the words has to match the instrument it rewords.
function checkAlternativeWording(instrument: Instrument, base: Instrument | undefined, source: string): void {
  const problem = (message: string) => new InstrumentError(source, [{ field: 'alternativeWordingOf', message }]);
  if (!base) throw problem(`"${instrument.alternativeWordingOf}" is not among the loaded instruments`);
  if (base.kind !== instrument.kind)
    throw problem(`"${instrumentKey(base)}" is a ${base.kind}, not a ${instrument.kind}`);
  const structure = (i: Instrument) =>
    i.kind === 'checklist'
      ? JSON.stringify({
          questions: i.questions.map(({ id, riskFactor, scored }) => ({ id, riskFactor, scored })),
          scoring: i.scoring.method,
          thresholds: { high: i.thresholds.high, medium: i.thresholds.medium },
        })
      : JSON.stringify({
          dimensions: i.dimensions.map(({ id, role }) => ({ id, role })),
          rule: i.overallRule.method,
          floor: i.overallRule.floorDimension,
        });
  if (structure(base) !== structure(instrument)) {
    throw problem(`must have the same question ids, risk factors, scoring and thresholds as "${instrumentKey(base)}"`);
  }
}

export async function loadInstrumentsFromDirectory(dir: string): Promise<InstrumentRegistry> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.json') && name !== 'schema.json').sort();
  const registry = new Map<string, Instrument>();
  const loadedFrom = new Map<string, string>();
  for (const name of files) {
    const source = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(source, 'utf8'));
    } catch (error) {
      throw new InstrumentError(source, [
        { field: '(whole file)', message: `not valid JSON: ${(error as Error).message}` },
      ]);
    }
    const instrument = loadInstrument(json, source);
    const key = instrumentKey(instrument);
    const earlier = loadedFrom.get(key);
    if (earlier) {
      throw new InstrumentError(source, [{ field: 'version', message: `"${key}" is already defined in ${earlier}` }]);
    }
    registry.set(key, instrument);
    loadedFrom.set(key, source);
  }
  for (const [key, instrument] of registry) {
    if (instrument.alternativeWordingOf) {
      checkAlternativeWording(instrument, registry.get(instrument.alternativeWordingOf), loadedFrom.get(key) ?? key);
    }
  }
  return registry;
}

export function requireChecklist(registry: InstrumentRegistry, key: string): ChecklistInstrument {
  const instrument = registry.get(key);
  if (!instrument) throw new Error(`No risk instrument "${key}" is loaded`);
  if (instrument.kind !== 'checklist')
    throw new Error(`Risk instrument "${key}" is a ${instrument.kind}, not a checklist`);
  return instrument;
}

export function requireChildMatrix(registry: InstrumentRegistry, key: string): ChildMatrixInstrument {
  const instrument = registry.get(key);
  if (!instrument) throw new Error(`No risk instrument "${key}" is loaded`);
  if (instrument.kind !== 'child-matrix')
    throw new Error(`Risk instrument "${key}" is a ${instrument.kind}, not a child matrix`);
  return instrument;
}
