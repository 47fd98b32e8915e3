import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cutRecord, fieldsAt } from './cut.ts';
import { accessLevel, sharingLevels, type AccessQuestion, type SharingLevel } from './policy.ts';
import { RECORD_TYPES, recordTypeNames, type Level, type RecordTypeDeclaration } from './record-types.ts';
import { shareMatchSide, shareSearchHits } from './listing-view.ts';

const levels: readonly Level[] = ['signpost', 'shared-summary', 'full'];
const rank = (l: SharingLevel) => sharingLevels.indexOf(l);
const level = fc.constantFrom(...sharingLevels);

/**
 * A generated record type: parts made of distinct fields, each part added at one level or restricted, and a
 * row carrying every declared field and some nobody declared (a column a query gained later).
 */
const generated = fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 2, maxLength: 24 }).chain((names) => {
  const fields = names.map((n) => `f_${n}`);
  const [envelope, ...rest] = fields;
  return fc
    .record({
      assignment: fc.array(
        fc.record({ part: fc.integer({ min: 0, max: 5 }), at: fc.constantFrom(...levels, 'restricted' as const) }),
        { minLength: rest.length, maxLength: rest.length },
      ),
      undeclared: fc.uniqueArray(fc.stringMatching(/^x_[a-z]{1,6}$/), { maxLength: 4 }),
    })
    .map(({ assignment, undeclared }) => {
      const parts: Record<string, string[]> = {};
      const partLevel = new Map<string, Level | 'restricted'>();
      rest.forEach((field, i) => {
        const { part, at } = assignment[i]!;
        const name = `p${part}-${at}`;
        (parts[name] ??= []).push(field);
        partLevel.set(name, at);
      });
      const adds: Record<Level, string[]> = { signpost: [], 'shared-summary': [], full: [] };
      const restricted: string[] = [];
      for (const [name, at] of partLevel) (at === 'restricted' ? restricted : adds[at]).push(name);
      const declaration: RecordTypeDeclaration = {
        table: 'generated',
        owner: 'agency_id',
        person: 'person_id',
        envelope: [envelope!],
        parts,
        adds,
        restricted: restricted.length ? { parts: restricted, namedBy: 'named' } : undefined,
        writers: { kind: 'owner-agency', roles: ['practitioner'] },
        sharing: 'by-level',
      };
      const row = Object.fromEntries([...fields, ...undeclared].map((f) => [f, `value of ${f}`]));
      return { declaration, row, partLevel, undeclared };
    });
});

describe('the gate cuts every record type by its declaration', () => {
  it('no part above the viewer’s level, no restricted part outside the named group, nothing undeclared', () => {
    fc.assert(
      fc.property(generated, level, fc.boolean(), ({ declaration, row, partLevel, undeclared }, viewerLevel, named) => {
        const shown = cutRecord(declaration, row, viewerLevel, named);
        if (viewerLevel === 'none') {
          expect(shown).toBeNull();
          return;
        }
        for (const field of Object.keys(shown!)) {
          expect(undeclared).not.toContain(field);
          if (declaration.envelope.includes(field)) continue;
          const part = Object.entries(declaration.parts).find(([, fs]) => fs.includes(field))![0];
          const at = partLevel.get(part)!;
          if (at === 'restricted') expect(named).toBe(true);
          else expect(rank(at)).toBeLessThanOrEqual(rank(viewerLevel));
        }
        // And everything the level shows is given.
        for (const field of fieldsAt(declaration, viewerLevel, named)) expect(shown).toHaveProperty(field, row[field]);
      }),
      { numRuns: 200 },
    );
  });

  it('a higher level never shows less', () => {
    fc.assert(
      fc.property(generated, level, level, fc.boolean(), ({ declaration, row }, a, b, named) => {
        const [low, high] = rank(a) <= rank(b) ? [a, b] : [b, a];
        const lower = Object.keys(cutRecord(declaration, row, low, named) ?? {});
        expect(Object.keys(cutRecord(declaration, row, high, named) ?? {})).toEqual(expect.arrayContaining(lower));
      }),
      { numRuns: 100 },
    );
  });

  const agency = fc.constantFrom('police', 'health', 'housing');
  const question: fc.Arbitrary<AccessQuestion> = fc.record({
    viewerAgencyId: agency,
    ownerAgencyId: agency,
    viewerPartnershipId: fc.constantFrom('north', 'south'),
    ownerPartnershipId: fc.constantFrom('north', 'south'),
    consent: fc.constantFrom('given' as const, 'refused' as const, 'not-asked' as const),
    attendsMaracForCase: fc.boolean(),
    breakGlassActive: fc.boolean(),
    decisions: fc.array(
      fc.record({
        agencyId: agency,
        disclosingAgencyId: agency,
        level: fc.constantFrom('signpost' as const, 'shared-summary' as const, 'full' as const),
        basis: fc.constantFrom(
          'consent' as const,
          'marac-attendance' as const,
          'risk-of-serious-harm' as const,
          'legal-duty' as const,
        ),
      }),
      { maxLength: 3 },
    ),
  });

  it('every declared record type, for generated viewers and bases: another partnership gets nothing; a restricted part never by level', () => {
    fc.assert(
      fc.property(fc.constantFrom(...recordTypeNames), question, (name, q) => {
        const declaration: RecordTypeDeclaration = RECORD_TYPES[name];
        const row = Object.fromEntries(
          [...declaration.envelope, ...Object.values(declaration.parts).flat()].map((f) => [f, f]),
        );
        const shown = cutRecord(declaration, row, accessLevel(q).level);
        if (q.viewerPartnershipId !== q.ownerPartnershipId) expect(shown).toBeNull();
        for (const part of declaration.restricted?.parts ?? [])
          for (const f of declaration.parts[part] ?? []) expect(shown ?? {}).not.toHaveProperty(f);
      }),
      { numRuns: 1000 },
    );
  });

  it('search results and possible matches give a name, a date of birth or a record only where the declaration shows them', () => {
    fc.assert(
      fc.property(level, (l) => {
        const [hit] = shareSearchHits(
          [
            {
              id: 'r1',
              agency_id: 'a',
              agency_name: 'Agency',
              given_name: 'Given',
              family_name: 'Family',
              date_of_birth: '1990-01-01',
            },
          ],
          () => l,
        );
        const search = fieldsAt(RECORD_TYPES['search-result'], l);
        if (l === 'none') expect(hit).toBeUndefined();
        else {
          expect(hit!.name !== null).toBe(search.has('given_name'));
          expect(hit!.dateOfBirth !== null).toBe(search.has('date_of_birth'));
        }
        const side = shareMatchSide({ id: 'r1', agency_id: 'a', agency_name: 'Agency' }, l);
        expect(side.record !== null).toBe(fieldsAt(RECORD_TYPES['match-record'], l).has('nhs_number'));
      }),
    );
  });
});
