// When the next school day starts: schools must be told before it. School days
// are Monday to Friday and start at 08:00 UK time; holidays are not known here,
// so a notice is sometimes due earlier than it need be, never later.

const START_HOUR = 8;

/** The hour offset of UK time from UTC at `at` (0 in winter, 1 in summer). */
function ukOffsetHours(at: Date): number {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(at),
  );
  return (hour - at.getUTCHours() + 24) % 24;
}

/** The start of the first school day beginning after `now`. */
export function nextSchoolDayStart(now: Date): Date {
  for (let days = 0; days < 8; days++) {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, START_HOUR));
    const weekday = day.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const start = new Date(day.getTime() - ukOffsetHours(day) * 3_600_000);
    if (start.getTime() > now.getTime()) return start;
  }
  throw new Error('unreachable: a school day starts within a week');
}
