import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareWithHistory, type AssessmentSnapshot, type RecordedIncident } from './history.ts';

const assessment = (id: string, completedOn: string, score: number, factorsPresent: string[]): AssessmentSnapshot => ({
  id,
  completedOn,
  score,
  level: score >= 14 ? 'high' : score >= 10 ? 'medium' : 'standard',
  factorsPresent,
});
const incident = (
  id: string,
  occurredOn: string,
  severity: RecordedIncident['severity'] = 'medium',
  policeRecorded = true,
): RecordedIncident => ({
  id,
  occurredOn,
  severity,
  policeRecorded,
});
const current = {
  completedOn: '2025-06-01',
  score: 12,
  level: 'medium' as const,
  factorsPresent: ['fear', 'threats-to-kill', 'separation'],
};

describe('compareWithHistory', () => {
  it('compares with the latest earlier assessment', () => {
    const result = compareWithHistory({
      current,
      earlier: [assessment('b', '2025-03-01', 7, ['fear', 'isolation']), assessment('a', '2024-11-01', 3, ['fear'])],
      incidents: [],
    });
    expect(result.previous?.id).toBe('b');
    expect(result.scoreChange).toBe(5);
    expect(result.factorsNewlyPresent).toEqual(['threats-to-kill', 'separation']);
    expect(result.factorsNoLongerPresent).toEqual(['isolation']);
    expect(result.warnings).toEqual([]);
  });

  it('has nothing to compare with for a first assessment, and ignores later ones', () => {
    const result = compareWithHistory({ current, earlier: [assessment('later', '2025-07-01', 20, [])], incidents: [] });
    expect(result.previous).toBeNull();
    expect(result.scoreChange).toBeNull();
    expect(result.factorsNewlyPresent).toEqual([]);
  });

  it('shows incidents of the last 12 months, oldest first, and counts the police-recorded ones', () => {
    const result = compareWithHistory({
      current,
      earlier: [],
      incidents: [
        incident('new', '2025-05-20', 'medium', false),
        incident('old', '2024-05-31'),
        incident('edge', '2024-06-01'),
        incident('mid', '2025-01-10'),
        incident('future', '2025-06-02'),
      ],
    });
    expect(result.incidentsLast12Months.map((i) => i.id)).toEqual(['edge', 'mid', 'new']);
    expect(result.policeIncidentsLast12Months).toBe(2);
  });

  it('warns when incidents come closer together', () => {
    const result = compareWithHistory({
      current,
      earlier: [assessment('x', '2025-01-02', 5, []), assessment('y', '2025-04-02', 5, [])],
      incidents: [incident('1', '2025-01-01'), incident('2', '2025-04-01'), incident('3', '2025-05-15')],
    });
    expect(result.warnings).toEqual([
      {
        kind: 'incidents-more-frequent',
        message: 'Incidents are getting closer together: 44 days between the last two, 90 days between the two before.',
        values: { latest: 44, before: 90 },
        incidentIds: ['1', '2', '3'],
      },
    ]);
  });

  it('treats records of the same day as one incident when judging frequency', () => {
    const result = compareWithHistory({
      current,
      earlier: [assessment('x', '2025-02-01', 5, [])],
      incidents: [incident('1', '2025-01-01'), incident('police', '2025-03-01'), incident('a-and-e', '2025-03-01')],
    });
    expect(result.warnings.map((w) => w.kind)).not.toContain('incidents-more-frequent');
  });

  it('warns when the latest incident is more severe than the one before', () => {
    const result = compareWithHistory({
      current,
      earlier: [assessment('x', '2025-02-01', 5, [])],
      incidents: [
        incident('1', '2025-01-01', 'medium'),
        incident('2', '2025-05-01', 'low'),
        incident('3', '2025-05-01', 'severe'),
      ],
    });
    expect(result.warnings).toEqual([
      {
        kind: 'incidents-more-severe',
        message: 'The latest incident (2025-05-01, severe) is more severe than the one before it (2025-01-01, medium).',
        values: {
          latestDate: '2025-05-01',
          latestSeverity: 'severe',
          earlierDate: '2025-01-01',
          earlierSeverity: 'medium',
        },
        incidentIds: ['1', '2', '3'],
      },
    ]);
  });

  it('warns about each incident not followed by an assessment before the next one', () => {
    const result = compareWithHistory({
      current,
      earlier: [assessment('x', '2025-01-01', 5, [])],
      incidents: [
        incident('1', '2024-12-01', 'low'),
        incident('2', '2025-01-01', 'low'),
        incident('3', '2025-02-01', 'low'),
        incident('4', '2025-05-01', 'low'),
      ],
    });
    expect(result.warnings.filter((w) => w.kind === 'incident-without-assessment')).toEqual([
      {
        kind: 'incident-without-assessment',
        message:
          'No risk assessment was completed after the incident on 2024-12-01 before the next incident on 2025-01-01.',
        values: { date: '2024-12-01', next: '2025-01-01' },
        incidentIds: ['1'],
      },
      {
        kind: 'incident-without-assessment',
        message:
          'No risk assessment was completed after the incident on 2025-02-01 before the next incident on 2025-05-01.',
        values: { date: '2025-02-01', next: '2025-05-01' },
        incidentIds: ['3'],
      },
    ]);
  });

  it('property: the order records arrive in never changes the comparison', () => {
    const date = fc
      .date({ min: new Date('2024-01-01'), max: new Date('2025-06-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const incidents = fc.uniqueArray(
      fc.record({
        id: fc.uuid(),
        occurredOn: date,
        severity: fc.constantFrom('low', 'medium', 'high', 'severe' as const),
        policeRecorded: fc.boolean(),
      }),
      { selector: (i) => i.id, maxLength: 8 },
    );
    const earlier = fc.uniqueArray(
      fc.record({
        id: fc.uuid(),
        completedOn: date,
        score: fc.nat({ max: 27 }),
        level: fc.constant('standard' as const),
        factorsPresent: fc.subarray(['fear', 'isolation', 'weapons']),
      }),
      { selector: (a) => a.id, maxLength: 5 },
    );
    fc.assert(
      fc.property(incidents, earlier, fc.infiniteStream(fc.nat()), (inc, ear, seeds) => {
        const shuffle = <T>(items: T[]) =>
          items
            .map((item) => ({ item, key: seeds.next().value as number }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.item);
        expect(compareWithHistory({ current, earlier: shuffle(ear), incidents: shuffle(inc) })).toEqual(
          compareWithHistory({ current, earlier: ear, incidents: inc }),
        );
      }),
    );
  });
});
