import type { TestApp } from './test-app.ts';
import type { Actor } from '../../src/db/tenancy.ts';
import * as risk from '../../src/modules/risk/service.ts';
import { requireChecklist } from '../../src/modules/risk/instrument.ts';

/** A completed checklist recorded through the risk service: `yes` risk factors present (15 or more is high risk by score). */
export async function completedChecklist(
  t: TestApp,
  actor: Actor,
  victim: { givenName: string; familyName: string; dateOfBirth: string },
  options: { yes?: number; childrenInHousehold?: number; consent?: 'given' | 'refused' | 'not-asked' } = {},
): Promise<string> {
  const instrument = requireChecklist(t.app.instruments, 'multi-agency-checklist@1');
  const recorded = await risk.recordAssessment(t.dbs.app, actor, instrument, {
    victim,
    answers: instrument.questions.map((q, i) => ({ questionId: q.id, answer: i < (options.yes ?? 15) ? 'yes' : 'no' })),
    judgement: {
      victimView: null,
      judgementLevel: null,
      judgementReason: null,
      consentToShare: options.consent ?? 'given',
      childrenInHousehold: options.childrenInHousehold ?? 0,
    },
    referToMarac: false,
    referralReason: null,
  });
  return recorded.id;
}
