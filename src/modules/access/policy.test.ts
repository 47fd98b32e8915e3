import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  accessLevel,
  mayReadRestricted,
  sharingLevels,
  visibleParts,
  VISIBLE_PARTS,
  type AccessQuestion,
  type RecordType,
  type SharingDecision,
} from './policy.ts';

const agency = fc.constantFrom('police', 'health', 'housing', 'idva');
const decision: fc.Arbitrary<SharingDecision> = fc.record({
  agencyId: agency,
  disclosingAgencyId: agency,
  level: fc.constantFrom('signpost' as const, 'shared-summary' as const, 'full' as const),
  basis: fc.constantFrom(
    'consent' as const,
    'marac-attendance' as const,
    'risk-of-serious-harm' as const,
    'legal-duty' as const,
  ),
});
const question: fc.Arbitrary<AccessQuestion> = fc.record({
  viewerAgencyId: agency,
  ownerAgencyId: agency,
  viewerPartnershipId: fc.constantFrom('north', 'south'),
  ownerPartnershipId: fc.constantFrom('north', 'south'),
  consent: fc.constantFrom('given' as const, 'refused' as const, 'not-asked' as const),
  attendsMaracForCase: fc.boolean(),
  decisions: fc.array(decision, { maxLength: 4 }),
  breakGlassActive: fc.boolean(),
});
const rank = (l: string) => sharingLevels.indexOf(l as never);

describe('access policy', () => {
  it('another partnership sees nothing, whatever else is true', () => {
    fc.assert(
      fc.property(question, (q) => {
        fc.pre(q.viewerPartnershipId !== q.ownerPartnershipId);
        expect(accessLevel(q)).toEqual({ level: 'none', basis: null });
      }),
    );
  });

  it('never widens beyond signpost without a recorded basis', () => {
    fc.assert(
      fc.property(question, (q) => {
        const answer = accessLevel(q);
        if (rank(answer.level) > rank('signpost')) expect(answer.basis).not.toBeNull();
        if (answer.basis === 'consent') expect(q.consent).toBe('given');
        if (answer.basis === 'marac-attendance') expect(q.attendsMaracForCase).toBe(true);
        if (answer.basis === 'break-glass') expect(q.breakGlassActive).toBe(true);
        if (['risk-of-serious-harm', 'legal-duty'].includes(answer.basis ?? '')) {
          expect(
            q.decisions.some(
              (d) =>
                d.agencyId === q.viewerAgencyId &&
                d.disclosingAgencyId === q.ownerAgencyId &&
                d.basis === answer.basis &&
                d.level === answer.level,
            ),
          ).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a decision resting on consent lapses when consent is withdrawn', () => {
    const q: AccessQuestion = {
      viewerAgencyId: 'housing',
      ownerAgencyId: 'police',
      viewerPartnershipId: 'north',
      ownerPartnershipId: 'north',
      consent: 'refused',
      attendsMaracForCase: false,
      decisions: [{ agencyId: 'housing', disclosingAgencyId: 'police', level: 'full', basis: 'consent' }],
      breakGlassActive: false,
    };
    expect(accessLevel(q)).toEqual({ level: 'signpost', basis: null });
    expect(accessLevel({ ...q, consent: 'given' })).toEqual({ level: 'full', basis: 'consent' });
  });

  it('a decision for another agency never widens what this agency sees', () => {
    fc.assert(
      fc.property(question, decision, (q, d) => {
        fc.pre(d.agencyId !== q.viewerAgencyId);
        expect(accessLevel({ ...q, decisions: [...q.decisions, d] })).toEqual(accessLevel(q));
      }),
    );
  });

  it('a decision opens only the records of the agency that recorded it: nobody widens their own access, nor opens a third agency’s records', () => {
    fc.assert(
      fc.property(question, decision, (q, d) => {
        fc.pre(d.disclosingAgencyId !== q.ownerAgencyId);
        expect(accessLevel({ ...q, decisions: [...q.decisions, d] })).toEqual(accessLevel(q));
      }),
    );
    const base: AccessQuestion = {
      viewerAgencyId: 'health',
      ownerAgencyId: 'police',
      viewerPartnershipId: 'north',
      ownerPartnershipId: 'north',
      consent: 'refused',
      attendsMaracForCase: false,
      decisions: [],
      breakGlassActive: false,
    };
    expect(
      accessLevel({
        ...base,
        decisions: [{ agencyId: 'health', disclosingAgencyId: 'health', level: 'full', basis: 'risk-of-serious-harm' }],
      }),
    ).toEqual({ level: 'signpost', basis: null });
  });

  it('adding a basis never narrows the level (monotonic)', () => {
    fc.assert(
      fc.property(question, decision, (q, d) => {
        expect(rank(accessLevel({ ...q, decisions: [...q.decisions, d] }).level)).toBeGreaterThanOrEqual(
          rank(accessLevel(q).level),
        );
      }),
    );
  });

  it('the owning agency sees the full record; refused consent alone gives a signpost', () => {
    const base: AccessQuestion = {
      viewerAgencyId: 'health',
      ownerAgencyId: 'police',
      viewerPartnershipId: 'north',
      ownerPartnershipId: 'north',
      consent: 'refused',
      attendsMaracForCase: false,
      decisions: [],
      breakGlassActive: false,
    };
    expect(accessLevel(base)).toEqual({ level: 'signpost', basis: null });
    expect(accessLevel({ ...base, viewerAgencyId: 'police' })).toEqual({ level: 'full', basis: 'own-record' });
    expect(
      accessLevel({
        ...base,
        decisions: [{ agencyId: 'health', disclosingAgencyId: 'police', level: 'full', basis: 'risk-of-serious-harm' }],
      }),
    ).toEqual({ level: 'full', basis: 'risk-of-serious-harm' });
  });

  it('a user never sees a restricted field unless their agency owns it or is named (or break-glass)', () => {
    fc.assert(
      fc.property(agency, agency, fc.array(agency, { maxLength: 3 }), fc.boolean(), (viewer, owner, named, glass) => {
        const allowed = mayReadRestricted({
          viewerAgencyId: viewer,
          ownerAgencyId: owner,
          namedAgencyIds: named,
          breakGlassActive: glass,
        });
        expect(allowed).toBe(viewer === owner || named.includes(viewer) || glass);
      }),
    );
  });

  it('each level shows everything the level below it shows', () => {
    for (const type of Object.keys(VISIBLE_PARTS) as RecordType[]) {
      for (let i = 1; i < sharingLevels.length; i++) {
        const lower = visibleParts(type, sharingLevels[i - 1]!);
        expect(visibleParts(type, sharingLevels[i]!)).toEqual(expect.arrayContaining([...lower]));
      }
    }
  });
});
