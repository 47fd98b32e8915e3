import { describe, expect, it } from 'vitest';
import { csvToIncidents, parseIncident } from './import-schema.ts';

const good = {
  sourceId: 'I-1',
  type: 'crime',
  occurredOn: '2026-01-01',
  severity: 'high',
  people: [
    {
      sourceId: 'P-1',
      role: 'victim',
      givenName: 'Ada',
      familyName: 'Stone',
      dateOfBirth: '1990-01-01',
      nhsNumber: '943 476 5919',
      pncId: '85/123456J',
    },
  ],
};

describe('import rows', () => {
  it('accepts a valid incident and normalises identifiers and postcodes', () => {
    const parsed = parseIncident('r', {
      ...good,
      people: [{ ...good.people[0], addresses: [{ postcode: 'ns1 4ab' }] }],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.people[0]).toMatchObject({ nhsNumber: '9434765919', pncId: '85/0123456J', sex: null });
    expect(parsed.value.people[0]!.addresses[0]!.postcode).toBe('NS14AB');
  });

  it('refuses identifiers that fail their check digit or letter, with the path', () => {
    const parsed = parseIncident('r', {
      ...good,
      people: [{ ...good.people[0], nhsNumber: '9434765918', pncId: '85/123456K' }],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      { path: 'people.0.nhsNumber', message: 'NHS number is not valid (check digit)' },
      { path: 'people.0.pncId', message: 'PNC ID is not valid (check letter)' },
    ]);
  });

  it('refuses future dates, unknown types and roles, and the same person twice in one role', () => {
    const parsed = parseIncident('r', {
      ...good,
      occurredOn: '2999-01-01',
      type: 'rumour',
      people: [good.people[0], good.people[0]],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.path)).toEqual(['type', 'occurredOn']);
    const twice = parseIncident('r', { ...good, people: [good.people[0], good.people[0]] });
    expect(twice.ok ? [] : twice.problems).toEqual([
      { path: 'people.1.sourceId', message: 'The same person is listed twice with the same role' },
    ]);
  });
});

describe('csvToIncidents', () => {
  it('groups lines by incident id and says which lines each incident came from', () => {
    const csv =
      'incident_id,type,occurred_on,severity,police_recorded,person_id,role,given_name,family_name,date_of_birth,other_names,related_person_id,relationship\n' +
      'A,crime,2026-01-01,high,yes,P1,victim,Ada,Stone,1990-01-01,Ada Rock; Addie Stone,P2,partner\n' +
      'A,crime,2026-01-01,high,yes,P2,perpetrator,Bob,Stone,1989-01-01,,,\n' +
      'B,crime,2026-01-02,low,no,P3,victim,Cy,Hill,1990-01-01,,,\n';
    const parsed = csvToIncidents(csv);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.rows.map((r) => r.ref)).toEqual(['lines 2, 3', 'line 4']);
    const first = parseIncident('x', parsed.rows[0]!.raw);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.policeRecorded).toBe(true);
    expect(first.value.people[0]!.aliases).toEqual([
      { givenName: 'Ada', familyName: 'Rock', kind: 'alias' },
      { givenName: 'Addie', familyName: 'Stone', kind: 'alias' },
    ]);
    expect(first.value.relationships).toEqual([{ person: 'P1', related: 'P2', kind: 'partner' }]);
  });

  it('names missing columns', () => {
    expect(csvToIncidents('incident_id,type\nA,crime')).toEqual({
      ok: false,
      problem:
        'The header line lacks the columns: occurred_on, severity, person_id, role, given_name, family_name, date_of_birth',
    });
    expect(csvToIncidents('')).toMatchObject({ ok: false });
  });
});
