import type { z } from 'zod';
import type { assessmentRequest } from './api-schema.ts';
import type { NewHouseholdMember } from './household.ts';
import { instrumentKey, type ChildMatrixInstrument } from './instrument.ts';

// The household an agency system sends with a checklist: checked against the children's risk matrix,
// and turned into the members and ratings the service records in the same transaction.

export type Problem = { path: string; message: string };
type Body = z.infer<typeof assessmentRequest>;

/** Each problem with the household, by its path in the request (RFC 9457 problem details list them). */
export function householdProblems(body: Body, matrix: ChildMatrixInstrument): Problem[] {
  const children = body.children ?? [];
  const problems: Problem[] = [];
  if (body.childrenInHousehold < children.length)
    problems.push({
      path: 'childrenInHousehold',
      message: `must be at least the number of children sent (${children.length})`,
    });
  children.forEach((child, index) => {
    if (!child.riskMatrix) return;
    for (const dimension of matrix.dimensions) {
      if (!child.riskMatrix.ratings[dimension.id])
        problems.push({
          path: `children.${index}.riskMatrix.ratings.${dimension.id}`,
          message: `no rating given (${instrumentKey(matrix)})`,
        });
    }
    for (const key of Object.keys(child.riskMatrix.ratings)) {
      if (!matrix.dimensions.some((d) => d.id === key))
        problems.push({
          path: `children.${index}.riskMatrix.ratings.${key}`,
          message: `is not a dimension of ${instrumentKey(matrix)}`,
        });
    }
  });
  return problems;
}

/** The perpetrator (if sent) then each child, and each child's ratings where given. */
export function householdOf(body: Body, matrix: ChildMatrixInstrument) {
  const children = body.children ?? [];
  const household: NewHouseholdMember[] = [
    ...(body.perpetrator
      ? [
          {
            relationship: 'perpetrator' as const,
            givenName: body.perpetrator.givenName,
            familyName: body.perpetrator.familyName,
            dateOfBirth: body.perpetrator.dateOfBirth ?? null,
            description: null,
          },
        ]
      : []),
    ...children.map((c) => ({
      relationship: 'child' as const,
      givenName: c.givenName,
      familyName: null,
      dateOfBirth: c.dateOfBirth,
      description: null,
    })),
  ];
  const childMatrices = children.map((c) =>
    c.riskMatrix
      ? { instrument: matrix, ratings: c.riskMatrix.ratings, judgement: c.riskMatrix.professionalJudgement ?? null }
      : null,
  );
  return { household, childMatrices };
}
