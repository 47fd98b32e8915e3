import type { FormErrors } from '../../../platform/pages/page.ts';
import { label } from '../../../platform/language/index.ts';
import { formatDateTime } from '../../../platform/views/nunjucks.ts';
import type { teamPage, teamsPage, waitingReviewer } from '../teams/service.ts';

type TeamsPage = Awaited<ReturnType<typeof teamsPage>>;
type TeamPage = NonNullable<Awaited<ReturnType<typeof teamPage>>>;
type Waiting = Awaited<ReturnType<typeof waitingReviewer>>;

/** The two forms of the teams page, each with its own problems. */
export interface TeamsForms {
  team?: Partial<FormErrors>;
  reviewer?: Partial<FormErrors>;
}

const select = (items: { value: string; text: string; selected?: boolean }[]) => [
  { value: '', text: label('access.teams.select-person') },
  ...items,
];

export const teams = (page: TeamsPage, waiting: Waiting, asked: boolean, form: TeamsForms) => {
  const values = form.team?.values ?? {};
  const chosen = waiting?.user_id ?? page.reviewer?.id;
  return {
    title: label('access.teams.title'),
    section: 'teams',
    teams: page.teams,
    values,
    agencyItems: [
      { value: '', text: label('access.teams.select-agency') },
      ...page.agencies.map((a) => ({ value: a.id, text: a.name, selected: values.agencyId === a.id })),
    ],
    reviewerText: page.reviewer
      ? label('access.teams.reviewer-is', { name: page.reviewer.display_name })
      : label('access.teams.reviewer-none'),
    waitingText: waiting
      ? label('access.teams.reviewer-waiting', {
          name: waiting.user_name,
          asker: waiting.requested_by_name,
          when: formatDateTime(waiting.requested_at),
        })
      : null,
    asked,
    people: select(
      page.caseworkers.map((u) => ({
        value: u.id,
        text: `${u.display_name}, ${u.agency_name}`,
        selected: u.id === chosen,
      })),
    ),
    errors: form.team?.errors ?? {},
    reviewerErrors: form.reviewer?.errors ?? {},
    errorList: [...(form.team?.errorList ?? []), ...(form.reviewer?.errorList ?? [])],
  };
};

export const team = (page: TeamPage, form: Partial<FormErrors>) => ({
  title: label('access.teams.members-title'),
  section: 'teams',
  ...page,
  others: select(page.others.map((u) => ({ value: u.id, text: u.display_name }))),
  errors: form.errors ?? {},
  errorList: form.errorList,
});
