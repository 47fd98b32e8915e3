import type { Actor } from '../../../src/db/tenancy.ts';
import * as marac from '../../../src/modules/marac/service.ts';
import * as risk from '../../../src/modules/risk/service.ts';
import { loadInstrumentRegistry } from '../../../src/modules/risk/registry.ts';
import { requireChecklist } from '../../../src/modules/risk/instrument.ts';
import { synthetic, type LivingDemoContext, type LivingDemoStep } from './context.ts';

type Db = LivingDemoContext['dbs']['app'];

const value = <T>(outcome: marac.Outcome<T>, what: string): T => {
  if (!outcome.ok) throw new Error(`${what}: ${outcome.problem}`);
  return outcome.value;
};

const accept = (db: Db, coordinator: Actor, referralId: string, summary: string, children: number) =>
  marac
    .acceptReferral(db, coordinator, referralId, {
      consentStatus: 'given',
      lawfulBasis: null,
      riskLevel: 'high',
      childrenInHousehold: children,
      summary: synthetic(summary),
      victimSex: 'female',
      victimBme: false,
      victimLgbt: false,
      victimDisabled: false,
    })
    .then((o) => value(o, 'accept a referral'));

function daysIntoQuarter(now = new Date()): number {
  const start = Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1);
  return Math.floor((now.getTime() - start) / 86_400_000);
}

/**
 * Northshire's MARAC as it stands on a working day: a meeting three weeks ago
 * whose actions are open (two overdue), a meeting next week with its agenda set
 * and the agencies' research part done, and referrals waiting for the
 * coordinator (one from a police checklist, one made without a checklist).
 * Southvale's coordinator has a referral of their own to decide.
 */
export const maracStep: LivingDemoStep = {
  name: 'MARAC referrals, meetings, research and actions',
  async run({ dbs, actor, day }) {
    const db = dbs.app;
    const coordinator = await actor('coordinator@northshire.example');
    const chair = await actor('chair@northshire.example');
    const police = await actor('police@northshire.example');
    const housing = await actor('housing@northshire.example');
    const idva = await actor('idva@northshire.example');
    const health = await actor('health.visitor@northshire.example');
    const social = await actor('social.worker@northshire.example');
    const { agencies } = await marac.meetingFormData(db, coordinator);
    const agency = (name: string) => agencies.find((a) => a.name === `Northshire ${name}`)!.id;
    const refer = (
      who: Actor,
      victim: { givenName: string; familyName: string; dateOfBirth: string },
      reason: string,
      children: number,
    ) =>
      marac
        .referManually(db, who, {
          victim,
          reason: synthetic(reason),
          consentStatus: 'given',
          lawfulBasis: null,
          childrenInHousehold: children,
        })
        .then((r) => r.id);

    // Three weeks ago (or at the start of this quarter, if that is later, so the quarterly return has it): two cases discussed, actions agreed.
    const past = value(
      await marac.scheduleMeeting(db, coordinator, {
        heldOn: day(-Math.min(21, daysIntoQuarter())),
        chairUserId: chair.userId,
        capacity: 12,
        agencyIds: agencies.map((a) => a.id),
      }),
      'schedule the last meeting',
    );
    const kelly = await refer(
      police,
      { givenName: 'Kelly', familyName: 'Marsh', dateOfBirth: '1988-03-07' },
      'Assault with the partner on bail; victim very frightened',
      1,
    );
    const rosa = await refer(
      idva,
      { givenName: 'Rosa', familyName: 'Quinn', dateOfBirth: '1992-08-14' },
      'New partner of a known perpetrator; threats to kill disclosed to the IDVA',
      0,
    );
    const kellyCase = await accept(
      db,
      coordinator,
      kelly,
      'Escalating assaults; the perpetrator has a second victim',
      1,
    );
    const rosaCase = await accept(db, coordinator, rosa, 'Threats to kill by a perpetrator known to MARAC', 0);
    value(await marac.assignCases(db, coordinator, past), 'list the last meeting');
    await marac.recordDiscussion(db, chair, past, kellyCase, {
      informationShared: synthetic('Police and hospital records shared; school aware of the child'),
      decisions: synthetic('Safety plan with the IDVA; address marker; locks'),
    });
    await marac.recordDiscussion(db, chair, past, rosaCase, {
      informationShared: synthetic('Police history of the perpetrator shared'),
      decisions: synthetic('IDVA to make contact; Clare’s Law disclosure considered'),
    });
    const actions = [
      {
        on: kellyCase,
        owner: 'Housing',
        description: 'Fit extra locks and a door viewer at the victim’s home',
        due: -7,
      },
      { on: kellyCase, owner: 'Police', description: 'Place a marker on the victim’s address', due: -3 },
      { on: kellyCase, owner: 'IDVA Service', description: 'Agree a safety plan with the victim', due: 10 },
      { on: rosaCase, owner: 'Police', description: 'Consider a Clare’s Law disclosure to the victim', due: 5 },
      {
        on: rosaCase,
        owner: 'Community Health Trust',
        description: 'Health visitor to check on the victim at the next contact',
        due: 14,
      },
    ];
    for (const a of actions) {
      value(
        await marac.addAction(db, chair, past, a.on, {
          ownerAgencyId: agency(a.owner),
          description: synthetic(a.description),
          dueOn: day(a.due),
        }),
        'add an action',
      );
    }
    value(await marac.markHeld(db, coordinator, past), 'mark the last meeting held');

    // Next week: two new cases on the agenda; the police and the IDVA service have done their research, others have not yet.
    const next = value(
      await marac.scheduleMeeting(db, coordinator, {
        heldOn: day(7),
        chairUserId: chair.userId,
        capacity: 10,
        agencyIds: agencies.map((a) => a.id),
      }),
      'schedule next week’s meeting',
    );
    const dana = await refer(
      social,
      { givenName: 'Dana', familyName: 'Fenwick', dateOfBirth: '1990-10-19' },
      'Children’s social worker concerned by strangulation disclosed by the mother',
      2,
    );
    const priya = await refer(
      health,
      { givenName: 'Priya', familyName: 'Hollins', dateOfBirth: '1996-01-28' },
      'Pregnant; injuries seen at an antenatal visit; partner controls money',
      0,
    );
    const danaCase = await accept(db, coordinator, dana, 'Non-fatal strangulation; two children in the household', 2);
    const priyaCase = await accept(db, coordinator, priya, 'Pregnancy, injuries and economic abuse', 0);
    value(await marac.assignCases(db, coordinator, next), 'list next week’s meeting');
    value(
      await marac.recordResearch(db, police, next, danaCase, {
        noTrace: false,
        victim: synthetic('Two call-outs in the last year, one with injury'),
        perpetrator: synthetic('Bail conditions for a previous partner'),
        children: synthetic('Children present at one call-out'),
      }),
      'police research',
    );
    value(
      await marac.recordResearch(db, police, next, priyaCase, {
        noTrace: true,
        victim: null,
        perpetrator: null,
        children: null,
      }),
      'police research',
    );
    value(
      await marac.recordResearch(db, idva, next, danaCase, {
        noTrace: false,
        victim: synthetic('Victim wants to stay in the home with the children'),
        perpetrator: null,
        children: null,
      }),
      'IDVA research',
    );

    // Waiting for the coordinator: a referral from a police checklist, and one made without a checklist.
    const instrument = requireChecklist(await loadInstrumentRegistry(), 'police-checklist@1');
    const yes = new Set(instrument.questions.slice(0, 16).map((q) => q.id));
    await risk.recordAssessment(db, police, instrument, {
      victim: { givenName: 'Jade', familyName: 'Winslow', dateOfBirth: '1994-06-02' },
      answers: instrument.questions.map((q) => ({ questionId: q.id, answer: yes.has(q.id) ? 'yes' : 'no' })),
      judgement: {
        victimView: synthetic('Says he will kill her if she leaves'),
        judgementLevel: null,
        judgementReason: null,
        consentToShare: 'given',
        childrenInHousehold: 1,
      },
      referToMarac: true,
      referralReason: synthetic('Officer attending a call-out completed the checklist'),
    });
    await refer(
      housing,
      { givenName: 'Morgan', familyName: 'Ashdown', dateOfBirth: '1991-04-12' },
      'Asked to be rehoused after threats at her door; three police call-outs this year',
      1,
    );

    // Southvale's own coordinator has a referral to decide, invisible to Northshire.
    await refer(
      await actor('police@southvale.example'),
      { givenName: 'Erin', familyName: 'Calloway', dateOfBirth: '1987-12-09' },
      'Repeated call-outs; perpetrator breached a non-molestation order',
      0,
    );
  },
};
