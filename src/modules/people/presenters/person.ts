import { label, tag } from '../../../platform/language/index.ts';
import type { peopleFor } from '../for-viewer.ts';
import { linkDecisions } from '../forms.ts';
import type { ChronologyEntry } from '../service.ts';

// The whole picture -> what the person page shows: the chronology as timeline items, each link with its
// status tag and the words of its action, and the banner for a link decision just made.

type Picture = NonNullable<Awaited<ReturnType<ReturnType<typeof peopleFor>['picture']>>>;
type Link = Picture['links'][number];

/** Only the details an entry has, one separator between each: no leading separator, no blank line. */
export function entryText(e: Pick<ChronologyEntry, 'role' | 'severity' | 'summary' | 'viaSuggestedLink'>) {
  const parts = [
    e.role ? label(`people.role.${e.role}`) : null,
    e.severity ? label('chronology.severity', { severity: label(`people.severity.${e.severity}`) }) : null,
    e.summary,
    e.viaSuggestedLink ? label('chronology.via-suggested-link') : null,
  ].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(' · ') : undefined;
}

/** One chronology entry as the MOJ timeline macro takes it. */
const timelineItem = (e: Picture['chronology'][number]) => ({
  label: { text: e.title },
  text: entryText(e),
  datetime: { timestamp: e.date },
  byline: { text: label('chronology.by', { agency: e.agencyName }) },
  attributes: { 'data-testid': 'chronology-entry' },
});

const linkItem = (l: Link) =>
  linkWords({
    ...l,
    a_name: l.a_name ?? label('people.person.unseen-record-first'),
    b_name: l.b_name ?? label('people.person.unseen-record-second'),
  });

const linkWords = (l: Omit<Link, 'a_name' | 'b_name'> & { a_name: string; b_name: string }) => ({
  ...l,
  tag: tag(`link.status.${l.status}`),
  // What the link offers: a confirmed link can be seen or undone, anything else reviewed.
  action: label(l.status === 'confirmed' ? 'people.person.see-or-undo' : 'people.person.review'),
  hidden: ` ${label(l.status === 'confirmed' ? 'people.person.link-hidden' : 'people.person.match-hidden', { a: l.a_name, b: l.b_name })}`,
});

export const person = (picture: Picture, decided: string | undefined) => {
  const decision = linkDecisions.find((d) => d === decided);
  return {
    title: label('people.person.title'),
    picture,
    withheld: picture.withheld,
    self: picture.self,
    decided: decision ?? null,
    decidedBanner: decision ? label(`link.decided.${decision}`) : null,
    timeline: picture.chronology.map(timelineItem),
    links: picture.links.map(linkItem),
  };
};
