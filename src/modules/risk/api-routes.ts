import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { instrumentKey } from './instrument.ts';
import { assessmentRequest, assessmentResponse } from './api-schema.ts';
import { apiResponses } from '../../platform/api/responses.ts';
import { sendProblem } from '../../platform/api/problem.ts';
import { scoreAssessment, AnswersError } from './scoring.ts';
import * as service from './service.ts';
import { currentChildMatrix } from './household.ts';
import { householdOf, householdProblems, type Problem } from './api-household.ts';
import type { ChildRating } from './instrument.ts';

const apiClient = { access: { kind: 'api-client' as const } };

const invalid = (reply: FastifyReply, problems: Problem[]) =>
  sendProblem(reply, 400, 'invalid-request', 'The request does not describe a valid checklist.', problems);

export async function riskApiRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    '/api/v1/assessments',
    {
      config: { ...apiClient, rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        summary: 'Record a completed risk checklist',
        description:
          "With the household if known; returns the score, the level with its reasons, the MARAC criteria met, the next steps and each child's rating.",
        body: assessmentRequest,
        response: apiResponses({ 201: assessmentResponse }, 400, 401, 429),
      },
    },
    async (request, reply) => {
      const actor = request.actor!; // the agency credential, resolved by the access check
      const body = request.body as z.infer<typeof assessmentRequest>; // validated by the route schema
      const instrument = app.instruments.get(body.instrument);
      if (!instrument || instrument.kind !== 'checklist') {
        return invalid(reply, [
          {
            path: 'instrument',
            message: `unknown checklist; use one of ${[...app.instruments.values()]
              .filter((i) => i.kind === 'checklist')
              .map(instrumentKey)
              .join(', ')}`,
          },
        ]);
      }
      try {
        scoreAssessment(instrument, body.answers);
      } catch (error) {
        if (error instanceof AnswersError)
          return invalid(
            reply,
            error.problems.map((p) => ({ path: `answers.${p.questionId}`, message: p.message })),
          );
        throw error;
      }
      const missing = instrument.questions.filter((q) => !body.answers.some((a) => a.questionId === q.id));
      if (missing.length)
        return invalid(
          reply,
          missing.map((q) => ({
            path: `answers.${q.id}`,
            message: 'no answer given (use "not-asked" if the question was not asked)',
          })),
        );
      const children = body.children ?? [];
      const matrix = currentChildMatrix(app.instruments);
      const problems = householdProblems(body, matrix);
      if (problems.length) return invalid(reply, problems);
      const { household, childMatrices } = householdOf(body, matrix);
      const recorded = await service.recordAssessment(app.dbs.app, actor, instrument, {
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
      await app.audit.record(request, {
        action: 'assessment.create',
        subjectType: 'assessment',
        subjectId: recorded.id,
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
      return reply.code(201).send(response);
    },
  );
}
