import type { TestApp } from '../support/test-app.ts';
import type { Actor } from '../../src/db/tenancy.ts';
import * as marac from '../../src/modules/marac/service.ts';
import '../../src/modules/marac/tables.ts';

/**
 * One of each MARAC record in a partnership, made through the service as a
 * coordinator and chair would: a referral waiting, a case on a held meeting
 * with an action for the health agency, a repeat flag, and a transfer received.
 * The meeting is attended by the partnership team, police and health, so that
 * every demo role of Northshire attends and Northshire Housing does not.
 */
export async function maracFixtures(
  t: TestApp,
  p: {
    coordinator: Actor;
    chair: Actor;
    attending: string[];
    actionOwner: string;
    sender: Actor;
    receiverPartnershipId: string;
    tag: string;
  },
) {
  const must = <T>(o: marac.Outcome<T>): T => {
    if (!o.ok) throw new Error(`MARAC fixture: ${o.problem}`);
    return o.value;
  };
  const victim = (familyName: string) => ({
    givenName: 'Fixture',
    familyName: `${familyName}${p.tag}`,
    dateOfBirth: '1985-06-06',
  });
  const refer = (familyName: string, actor = p.coordinator) =>
    marac.referManually(t.dbs.app, actor, {
      victim: victim(familyName),
      reason: 'Security sweep fixture',
      consentStatus: 'given',
      lawfulBasis: null,
      childrenInHousehold: 1,
    });
  const accept = async (familyName: string, actor = p.coordinator) =>
    must(
      await marac.acceptReferral(t.dbs.app, actor, (await refer(familyName, actor)).id, {
        consentStatus: 'given',
        lawfulBasis: null,
        riskLevel: 'high',
        childrenInHousehold: 1,
        summary: 'Fixture case',
        victimSex: 'female',
        victimBme: null,
        victimLgbt: null,
        victimDisabled: null,
      }),
    );

  const waiting = await refer('Waiting');
  const caseId = await accept('Listed');
  const today = new Date().toISOString().slice(0, 10);
  const meetingId = must(
    await marac.scheduleMeeting(t.dbs.app, p.coordinator, {
      heldOn: today,
      chairUserId: p.chair.userId,
      capacity: 5,
      agencyIds: p.attending,
    }),
  );
  must(await marac.assignCases(t.dbs.app, p.coordinator, meetingId));
  const actionId = must(
    await marac.addAction(t.dbs.app, p.chair, meetingId, caseId, {
      ownerAgencyId: p.actionOwner,
      description: 'Fixture action',
      dueOn: today,
    }),
  );
  must(await marac.markHeld(t.dbs.app, p.coordinator, meetingId));
  await refer('Listed'); // within 12 months of the MARAC: a repeat
  const flag = (await marac.repeatFlags(t.dbs.app, p.coordinator))[0];
  if (!flag) throw new Error('MARAC fixture: no repeat flag');
  // A transfer this partnership receives, sent by the other one.
  const moving = await accept('Moving', p.sender);
  must(await marac.transferCase(t.dbs.app, p.sender, moving, p.receiverPartnershipId));
  const incoming = (await marac.transfers(t.dbs.app, p.coordinator)).incoming[0];
  if (!incoming) throw new Error('MARAC fixture: no transfer received');
  return {
    maracReferral: waiting.id,
    maracMeeting: meetingId,
    maracCase: caseId,
    maracAction: actionId,
    repeatFlag: flag.id,
    transferIn: incoming.id,
  };
}
