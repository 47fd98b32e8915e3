// Puts an assessment beside what came before it. Homicide reviews keep finding
// checklists done without the earlier incidents in view; this is the view.
// The caller passes only what the sharing rules let this reader see.
import type { RiskLevel } from './scoring.ts';

export const incidentSeverities = ['low', 'medium', 'high', 'severe'] as const;
export type IncidentSeverity = (typeof incidentSeverities)[number];

export type AssessmentSnapshot = {
  id: string;
  completedOn: string; // YYYY-MM-DD
  score: number;
  level: RiskLevel;
  factorsPresent: readonly string[];
};

export type RecordedIncident = {
  id: string;
  occurredOn: string; // YYYY-MM-DD
  severity: IncidentSeverity;
  policeRecorded: boolean;
};

// `message` is the warning in English (the API's words); `values` fill the page's words for the same `kind`
// (the catalogue's risk.warning.<kind>, or <kind>-since when no incident came after).
type WarningValues = Record<string, string | number>;
export type HistoryWarning =
  | { kind: 'incidents-more-frequent'; message: string; values: WarningValues; incidentIds: string[] }
  | { kind: 'incidents-more-severe'; message: string; values: WarningValues; incidentIds: string[] }
  | { kind: 'incident-without-assessment'; message: string; values: WarningValues; incidentIds: string[] };

export type HistoryComparison = {
  previous: AssessmentSnapshot | null;
  scoreChange: number | null; // null when there is nothing to compare with
  factorsNewlyPresent: string[];
  factorsNoLongerPresent: string[];
  incidentsLast12Months: RecordedIncident[]; // oldest first
  policeIncidentsLast12Months: number;
  warnings: HistoryWarning[];
};

const dayMs = 24 * 60 * 60 * 1000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

function twelveMonthsBefore(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year - 1, month - 1, day)).toISOString().slice(0, 10);
}

const bySeverity = (s: IncidentSeverity) => incidentSeverities.indexOf(s);

// The same event is often recorded by several agencies on the same day, so
// trends are read from distinct dates, not from records.
function groupByDate(
  incidents: readonly RecordedIncident[],
): { date: string; ids: string[]; severity: IncidentSeverity }[] {
  const groups: { date: string; ids: string[]; severity: IncidentSeverity }[] = [];
  for (const incident of incidents) {
    const last = groups.at(-1);
    if (last && last.date === incident.occurredOn) {
      last.ids.push(incident.id);
      if (bySeverity(incident.severity) > bySeverity(last.severity)) last.severity = incident.severity;
    } else {
      groups.push({ date: incident.occurredOn, ids: [incident.id], severity: incident.severity });
    }
  }
  return groups;
}

function trendWarnings(groups: ReturnType<typeof groupByDate>): HistoryWarning[] {
  const warnings: HistoryWarning[] = [];
  const [a, b, c] = [groups.at(-3), groups.at(-2), groups.at(-1)];
  // A shrinking gap is a simple, explainable sign; a false alarm costs a look,
  // a missed one can cost a life.
  if (a && b && c) {
    const before = daysBetween(a.date, b.date);
    const latest = daysBetween(b.date, c.date);
    if (latest < before) {
      warnings.push({
        kind: 'incidents-more-frequent',
        message: `Incidents are getting closer together: ${latest} days between the last two, ${before} days between the two before.`,
        values: { latest, before },
        incidentIds: [...a.ids, ...b.ids, ...c.ids],
      });
    }
  }
  if (b && c && bySeverity(c.severity) > bySeverity(b.severity)) {
    warnings.push({
      kind: 'incidents-more-severe',
      message: `The latest incident (${c.date}, ${c.severity}) is more severe than the one before it (${b.date}, ${b.severity}).`,
      values: { latestDate: c.date, latestSeverity: c.severity, earlierDate: b.date, earlierSeverity: b.severity },
      incidentIds: [...b.ids, ...c.ids],
    });
  }
  return warnings;
}

// An incident counts as followed up when some assessment was completed on or
// after its date and before the next incident.
function unassessedWarnings(
  groups: ReturnType<typeof groupByDate>,
  assessmentDates: readonly string[],
): HistoryWarning[] {
  return groups.flatMap((group, index) => {
    const next = groups[index + 1];
    const assessed = assessmentDates.some((date) => date >= group.date && (!next || date < next.date));
    if (assessed) return [];
    const until = next ? `before the next incident on ${next.date}` : 'since';
    return [
      {
        kind: 'incident-without-assessment' as const,
        message: `No risk assessment was completed after the incident on ${group.date} ${until}.`,
        values: (next ? { date: group.date, next: next.date } : { date: group.date }) as WarningValues,
        incidentIds: group.ids,
      },
    ];
  });
}

export function compareWithHistory(input: {
  current: Omit<AssessmentSnapshot, 'id'> & { id?: string };
  earlier: readonly AssessmentSnapshot[];
  incidents: readonly RecordedIncident[];
}): HistoryComparison {
  const { current } = input;
  // Only assessments completed on or before this one count as history; sort
  // so the answer does not depend on the order records were fetched in.
  const earlier = input.earlier
    .filter((a) => a.id !== current.id && a.completedOn <= current.completedOn)
    .sort((x, y) => x.completedOn.localeCompare(y.completedOn) || x.id.localeCompare(y.id));
  const previous = earlier.at(-1) ?? null;

  const from = twelveMonthsBefore(current.completedOn);
  const incidents = input.incidents
    .filter((incident) => incident.occurredOn >= from && incident.occurredOn <= current.completedOn)
    .sort((x, y) => x.occurredOn.localeCompare(y.occurredOn) || x.id.localeCompare(y.id));
  const groups = groupByDate(incidents);
  const assessmentDates = [...earlier.map((a) => a.completedOn), current.completedOn];

  return {
    previous,
    scoreChange: previous ? current.score - previous.score : null,
    factorsNewlyPresent: previous ? current.factorsPresent.filter((f) => !previous.factorsPresent.includes(f)) : [],
    factorsNoLongerPresent: previous ? previous.factorsPresent.filter((f) => !current.factorsPresent.includes(f)) : [],
    incidentsLast12Months: incidents,
    policeIncidentsLast12Months: incidents.filter((incident) => incident.policeRecorded).length,
    warnings: [...trendWarnings(groups), ...unassessedWarnings(groups, assessmentDates)],
  };
}
