// Turns a practitioner's answers into a score and a level, and a child's
// ratings into an overall rating. Pure: the same answers always give the same
// result, whatever order they arrive in, so a stored result can be re-derived
// and checked.
import { z } from 'zod';
import {
  childRatings,
  instrumentKey,
  type ChecklistInstrument,
  type ChildMatrixInstrument,
  type ChildRating,
} from './instrument.ts';

export const riskLevels = ['standard', 'medium', 'high'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export const answerValues = ['yes', 'no', 'dont-know', 'not-asked'] as const;
export type AnswerValue = (typeof answerValues)[number];

// Shared with forms and the API so an answer is validated the same way everywhere.
export const answerSchema = z.strictObject({
  questionId: z.string().min(1),
  answer: z.enum(answerValues),
  comment: z.string().max(4000).optional(),
});
export type Answer = z.infer<typeof answerSchema>;

export const professionalJudgementSchema = z.strictObject({
  level: z.enum(riskLevels),
  reason: z.string().regex(/\S/, 'Give the reason for your professional judgement'),
});
export type ProfessionalJudgement = z.infer<typeof professionalJudgementSchema>;

export type Thresholds = { high: number; medium: number };

export type ScoreResult = {
  instrumentKey: string;
  score: number;
  // Risk factors answered yes, in the instrument's order (not the answers'),
  // including unscored ones: they still belong in the picture.
  factorsPresent: string[];
  levelByScore: RiskLevel;
  // Kept with the result so a later change of threshold never changes it.
  thresholdsUsed: Thresholds;
  // Questions not asked (or missing) so a manager can see a checklist done in part.
  notAsked: string[];
};

export class AnswersError extends Error {
  constructor(readonly problems: readonly { questionId: string; message: string }[]) {
    super(
      `The answers do not fit the checklist:\n${problems.map((p) => `  - ${p.questionId}: ${p.message}`).join('\n')}`,
    );
    this.name = 'AnswersError';
  }
}

export function compareLevels(a: RiskLevel, b: RiskLevel): number {
  return riskLevels.indexOf(a) - riskLevels.indexOf(b);
}

export function higherLevel(a: RiskLevel, b: RiskLevel): RiskLevel {
  return compareLevels(a, b) >= 0 ? a : b;
}

export function levelForScore(score: number, thresholds: Thresholds): RiskLevel {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'standard';
}

function checkThresholds(thresholds: Thresholds): void {
  const ok =
    Number.isInteger(thresholds.high) &&
    Number.isInteger(thresholds.medium) &&
    thresholds.medium >= 1 &&
    thresholds.medium < thresholds.high;
  if (!ok)
    throw new RangeError(
      `Thresholds must be whole numbers with 1 <= medium < high (got medium ${thresholds.medium}, high ${thresholds.high})`,
    );
}

// Answers for unknown questions or the same question twice are refused rather
// than guessed at: they usually mean the wrong instrument version was used.
export function scoreAssessment(
  instrument: ChecklistInstrument,
  answers: readonly Answer[],
  options: { thresholds?: Thresholds } = {},
): ScoreResult {
  const thresholds = options.thresholds ?? { high: instrument.thresholds.high, medium: instrument.thresholds.medium };
  checkThresholds(thresholds);
  const byQuestion = new Map<string, AnswerValue>();
  const problems: { questionId: string; message: string }[] = [];
  const known = new Set(instrument.questions.map((question) => question.id));
  for (const { questionId, answer } of answers) {
    if (!known.has(questionId))
      problems.push({ questionId, message: `is not a question in ${instrumentKey(instrument)}` });
    else if (byQuestion.has(questionId)) problems.push({ questionId, message: 'is answered more than once' });
    else byQuestion.set(questionId, answer);
  }
  if (problems.length > 0) throw new AnswersError(problems);

  let score = 0;
  const factorsPresent: string[] = [];
  const notAsked: string[] = [];
  for (const question of instrument.questions) {
    const answer = byQuestion.get(question.id) ?? 'not-asked';
    if (answer === 'yes') {
      if (question.scored) score += 1;
      if (!factorsPresent.includes(question.riskFactor)) factorsPresent.push(question.riskFactor);
    }
    if (answer === 'not-asked') notAsked.push(question.id);
  }
  return {
    instrumentKey: instrumentKey(instrument),
    score,
    factorsPresent,
    levelByScore: levelForScore(score, thresholds),
    thresholdsUsed: thresholds,
    notAsked,
  };
}

export type LevelDecision = {
  level: RiskLevel;
  raisedByProfessionalJudgement: boolean;
  // Stored with the result: the level shown must always be explainable.
  reasons: string[];
};

function scoreReason(levelByScore: RiskLevel, score?: number, thresholds?: Thresholds): string {
  if (score === undefined || thresholds === undefined) return `The checklist score gives ${levelByScore} risk.`;
  if (levelByScore === 'high') return `The score of ${score} is at or above the high threshold of ${thresholds.high}.`;
  if (levelByScore === 'medium')
    return `The score of ${score} is at or above the medium threshold of ${thresholds.medium} and below the high threshold of ${thresholds.high}.`;
  return `The score of ${score} is below the medium threshold of ${thresholds.medium}.`;
}

// Professional judgement can raise the level but never lower it, and the
// system never lowers the professional's level: the result is the higher of the two.
export function decideLevel(input: {
  levelByScore: RiskLevel;
  professionalJudgement?: ProfessionalJudgement;
  score?: number;
  thresholds?: Thresholds;
}): LevelDecision {
  const { levelByScore, professionalJudgement: judgement } = input;
  const reasons = [scoreReason(levelByScore, input.score, input.thresholds)];
  if (!judgement) return { level: levelByScore, raisedByProfessionalJudgement: false, reasons };
  // Only level and reason matter here; callers may carry more (who, when).
  const parsed = professionalJudgementSchema.safeParse({ level: judgement.level, reason: judgement.reason });
  if (!parsed.success)
    throw new RangeError(
      `Professional judgement is incomplete: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  const reason = judgement.reason.trim();
  const comparison = compareLevels(judgement.level, levelByScore);
  if (comparison > 0) {
    reasons.push(`Raised from ${levelByScore} to ${judgement.level} by professional judgement: ${reason}`);
    return { level: judgement.level, raisedByProfessionalJudgement: true, reasons };
  }
  if (comparison === 0) {
    reasons.push(`Professional judgement agrees (${judgement.level}): ${reason}`);
  } else {
    reasons.push(
      `Professional judgement was ${judgement.level} (${reason}); the level stays ${levelByScore} because judgement can raise the level given by the score, never lower it.`,
    );
  }
  return { level: levelByScore, raisedByProfessionalJudgement: false, reasons };
}

export type ChildRatingResult = { overall: ChildRating; reasons: string[] };

function ratingIndex(rating: ChildRating): number {
  return childRatings.indexOf(rating);
}

// Applies the matrix's documented rule (see children-risk-matrix.v1.json):
// highest risk dimension, one step lower when protection is strong, never
// below the floor dimension; judgement may then raise it, never lower it.
export function rateChild(
  matrix: ChildMatrixInstrument,
  ratings: Readonly<Record<string, ChildRating>>,
  professionalJudgement?: { rating: ChildRating; reason: string },
): ChildRatingResult {
  const missing = matrix.dimensions.filter((dimension) => !childRatings.includes(ratings[dimension.id] as ChildRating));
  if (missing.length > 0)
    throw new RangeError(
      `Rate every dimension for the child; missing or invalid: ${missing.map((d) => d.id).join(', ')}`,
    );
  const rated = (id: string) => ratings[id] as ChildRating;
  const riskDimensions = matrix.dimensions.filter((dimension) => dimension.role === 'risk');
  const protection = matrix.dimensions.find((dimension) => dimension.role === 'protection');
  const floorId = matrix.overallRule.floorDimension;

  const highest = riskDimensions.reduce((top, d) => (ratingIndex(rated(d.id)) > ratingIndex(rated(top.id)) ? d : top));
  let overall = ratingIndex(rated(highest.id));
  const reasons = [`Highest risk rating is ${rated(highest.id)} (${highest.id}).`];
  if (protection && rated(protection.id) === 'low') {
    const lowered = Math.max(overall - 1, ratingIndex(rated(floorId)));
    reasons.push(
      lowered < overall
        ? `Lowered one step to ${childRatings[lowered]} because protection is strong.`
        : `Protection is strong, but the rating is not lowered below ${floorId} (${rated(floorId)}).`,
    );
    overall = lowered;
  }
  if (professionalJudgement) {
    if (!/\S/.test(professionalJudgement.reason))
      throw new RangeError('Give the reason for your professional judgement');
    const judged = ratingIndex(professionalJudgement.rating);
    if (judged > overall) {
      reasons.push(
        `Raised to ${professionalJudgement.rating} by professional judgement: ${professionalJudgement.reason.trim()}`,
      );
      overall = judged;
    } else if (judged < overall) {
      reasons.push(
        `Professional judgement was ${professionalJudgement.rating}; the rating is not lowered by judgement.`,
      );
    } else {
      reasons.push(
        `Professional judgement agrees (${professionalJudgement.rating}): ${professionalJudgement.reason.trim()}`,
      );
    }
  }
  return { overall: childRatings[overall] as ChildRating, reasons };
}
