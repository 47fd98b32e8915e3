import { label } from '../../platform/language/index.ts';

/**
 * Flags on a person's whole picture, each with the reason it was raised. Pure:
 * the service gathers the chronology (all linked records) and passes it in.
 */
export type Severity = 'low' | 'medium' | 'high' | 'severe';
export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, severe: 4 };

export interface FlagIncident {
  occurredOn: string;
  agencyId: string;
  agencyName: string;
  role: string;
  severity: Severity;
  /** An abuse incident, not a support contact (the partnership's list decides); absent means abuse. */
  isAbuse?: boolean;
}

export interface FlagInput {
  today: string;
  incidents: readonly FlagIncident[];
  /** Completion dates of risk checklists for this person (any agency). */
  assessments: readonly string[];
  /** Distinct victims (one per linked person, not per record) of incidents where this person is the perpetrator. */
  victimsAsPerpetrator: number;
  /** Victims of the same person as perpetrator in other partnerships that share perpetrator signals (exact identity only). */
  victimsElsewhere?: readonly { partnershipName: string; victims: number }[];
}

export type FlagKind = 'repeat-victim' | 'serial-perpetrator' | 'escalation' | 'cumulative-concern';
export interface Flag {
  kind: FlagKind;
  title: string;
  reason: string;
  /** Raised only when counting records joined by a suggestion nobody has confirmed (set by the service). */
  possibleMatch?: boolean;
}

const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const monthsBefore = (iso: string, months: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};
// A flag's words are in the page's language (a flag is computed for the page that shows it).

export function computeFlags(input: FlagInput): Flag[] {
  const flags: Flag[] = [];
  const abuse = input.incidents.filter((i) => i.isAbuse !== false);
  const asVictim = abuse
    .filter((i) => i.role === 'victim')
    .map((i) => i.occurredOn)
    .sort();

  // Repeat victim: a second incident as victim within 12 months of an earlier one.
  let repeats = 0;
  for (let k = 1; k < asVictim.length; k++) if (daysBetween(asVictim[k - 1]!, asVictim[k]!) <= 365) repeats++;
  if (repeats > 0) {
    flags.push({
      kind: 'repeat-victim',
      title: label('people.flag.repeat-victim'),
      reason: label('people.flag.repeat-victim-reason', {
        incidents: label('people.flag.incidents', { count: asVictim.length }),
        repeats: label('people.flag.incidents', { count: repeats }),
      }),
    });
  }

  const elsewhere = (input.victimsElsewhere ?? []).filter((e) => e.victims > 0);
  const elsewhereCount = elsewhere.reduce((n, e) => n + e.victims, 0);
  if (input.victimsAsPerpetrator + elsewhereCount >= 2) {
    const here = label('people.flag.different-victims', { count: input.victimsAsPerpetrator });
    const there = elsewhere
      .map((e) => label('people.flag.victims-in', { count: e.victims, partnership: e.partnershipName }))
      .join(', ');
    flags.push({
      kind: 'serial-perpetrator',
      title: label('people.flag.serial-perpetrator'),
      reason: elsewhere.length
        ? label('people.flag.serial-elsewhere', { here, there })
        : label('people.flag.serial-here', { count: input.victimsAsPerpetrator }),
    });
  }

  const escalation = escalationOf(abuse, input.today);
  if (escalation) flags.push({ kind: 'escalation', title: label('people.flag.escalation'), reason: escalation });

  // Cumulative concern: contacts from two or more agencies in 12 months, and no risk checklist in that time.
  const since = monthsBefore(input.today, 12);
  const recent = input.incidents.filter((i) => i.occurredOn >= since && i.occurredOn <= input.today);
  const agencies = [...new Set(recent.map((i) => i.agencyName))].sort();
  const assessed = input.assessments.some((d) => d >= since);
  if (agencies.length >= 2 && !assessed) {
    flags.push({
      kind: 'cumulative-concern',
      title: label('people.flag.cumulative-concern'),
      reason: label('people.flag.cumulative-reason', {
        contacts: label('people.flag.contacts', { count: recent.length }),
        agencies: agencies.length,
        names: agencies.join(', '),
      }),
    });
  }
  return flags;
}

/**
 * Incidents becoming more frequent or more severe: over the last 12 months, more
 * incidents in the latest 6 months than in the 6 before (at least 3 in all), or the
 * latest incident more severe than every one before it (at least 2 in all).
 */
export function escalationOf(incidents: readonly FlagIncident[], today: string): string | null {
  const since = monthsBefore(today, 12);
  const middle = monthsBefore(today, 6);
  const recent = incidents
    .filter((i) => i.occurredOn >= since && i.occurredOn <= today)
    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn));
  const later = recent.filter((i) => i.occurredOn >= middle).length;
  const earlier = recent.length - later;
  const reasons: string[] = [];
  if (recent.length >= 3 && later > earlier)
    reasons.push(
      label('people.flag.more-recent', { incidents: label('people.flag.incidents', { count: later }), earlier }),
    );
  if (recent.length >= 2) {
    const last = recent.at(-1)!;
    const worstBefore = Math.max(...recent.slice(0, -1).map((i) => SEVERITY_RANK[i.severity]));
    // No date or severity: a flag is seen by agencies that may only have a signpost of the incident itself.
    if (SEVERITY_RANK[last.severity] > worstBefore) reasons.push(label('people.flag.more-severe'));
  }
  return reasons.length ? `${reasons.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()) : null;
}
