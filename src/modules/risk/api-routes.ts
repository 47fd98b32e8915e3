import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { instrumentKey } from './instrument.ts';
import { assessmentRequest, assessmentResponse } from './api-schema.ts';
import { apiResponses } from '../../platform/api/responses.ts';
import { defineOperation, done, invalidRequest, registerOperations } from '../../platform/api/operation.ts';
import type { FieldProblem } from '../../platform/api/problem.ts';
import { scoreAssessment, AnswersError } from './scoring.ts';
import * as service from './service.ts';
import { currentChildMatrix } from './household.ts';
import { householdOf, householdProblems } from './api-household.ts';
import type { ChildRating } from './instrument.ts';

const invalid = (problems: FieldProblem[]) =>
  invalidRequest('The request does not describe a valid checklist.', problems);

// Agency record systems record completed checklists as their agency's credential; nothing is saved when any answer is invalid.
const recordAssessment = defineOperation({
  method: 'POST',
  path: '/api/v1/assessments',
  rateLimit: { max: 300, timeWindow: '1 minute' },
  schema: {
    summary: 'Record a completed risk checklist',
    description:
      "With the household if known; returns the score, the level with its reasons, the MARAC criteria met, the next steps and each child's rating.",
    body: assessmentRequest,
    response: apiResponses({ 201: assessmentResponse }, 400, 401, 429),
  },
  audit: { action: 'assessment.create', subjectType: 'assessment' },
  handle: async ({ app, db, actor, body }) => {
    const instrument = app.instruments.get(body.instrument);
    if (!instrument || instrument.kind !== 'checklist') {
      const known = [...app.instruments.values()].filter((i) => i.kind === 'checklist').map(instrumentKey);
      return invalid([{ path: 'instrument', message: `unknown checklist; use one of ${known.join(', ')}` }]);
    }
    try {
      scoreAssessment(instrument, body.answers);
    } catch (error) {
      if (error instanceof AnswersError)
        return invalid(error.problems.map((p) => ({ path: `answers.${p.questionId}`, message: p.message })));
      throw error;
    }
    const missing = instrument.questions.filter((q) => !body.answers.some((a) => a.questionId === q.id));
    if (missing.length)
      return invalid(
        missing.map((q) => ({
          path: `answers.${q.id}`,
          message: 'no answer given (use "not-asked" if the question was not asked)',
        })),
      );
    const children = body.children ?? [];
    const matrix = currentChildMatrix(app.instruments);
    const problems = householdProblems(body, matrix);
    if (problems.length) return invalid(problems);
    const { household, childMatrices } = householdOf(body, matrix);
    const recorded = await service.recordAssessment(db, actor, instrument, {
      victim: body.victim,
      answers: body.answers,
      household,
      childMatrices,
      judgement: {
        victimView: body.victimView ?? null,
        judgementLevel: body.professionalJudgement?.level ?? null,
        judgementReason: body.professionalJudgement?.reason ?? null,
        consentToShare: body.consentToShare,
        childrenInHousehold: body.childrenInHousehold,
      },
      referToMarac: body.referToMarac,
      referralReason: body.referralReason ?? null,
    });
    const response: z.infer<typeof assessmentResponse> = {
      id: recorded.id,
      instrument: instrumentKey(instrument),
      score: recorded.result.score,
      level: recorded.result.level,
      reasons: recorded.result.reasons,
      criteriaMet: recorded.result.criteria,
      nextSteps: recorded.result.steps,
      referralId: recorded.referralId,
      perpetratorId: body.perpetrator ? recorded.householdMemberIds[0]! : null,
      children: children.map((_child, index) => {
        const id = recorded.householdMemberIds[index + (body.perpetrator ? 1 : 0)]!;
        const rating = recorded.childRatings.find((r) => r.householdMemberId === id);
        return { id, overallRating: (rating?.overall ?? null) as ChildRating | null, reasons: rating?.reasons ?? [] };
      }),
    };
    return done(201, response, recorded.id);
  },
});

export async function riskApiRoutes(app: FastifyInstance): Promise<void> {
  registerOperations(app, [recordAssessment]);
}
