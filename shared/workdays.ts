import cd from 'chinese-days';

/**
 * The official Chinese working calendar (国务院办公厅 holiday notices), from `chinese-days`:
 * public holidays are not working days, adjusted working weekends (调休) are. Dates are
 * calendar days in Asia/Shanghai, `YYYY-MM-DD`.
 *
 * 2020's Spring Festival: the notice of 2019-11 made 2020-01-24..30 the holiday with Sunday
 * 2020-01-19 and Saturday 2020-02-01 as adjusted working days; the State Council's epidemic
 * notice of 2020-01-27 extended the holiday to 2020-02-02, which cancelled the 2020-02-01 working
 * Saturday. chinese-days 1.5 encodes that final state: 2020-01-19 is a working day, 2020-01-24 to
 * 2020-02-02 are holidays, and 2020-02-03 (Monday) is the first working day.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const cache = new Map<string, boolean>();

function assertDate(date: string): void {
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new Error(`expected a YYYY-MM-DD date, got "${date}"`);
  }
}

/** Steps a YYYY-MM-DD date by whole days (UTC arithmetic, so no DST surprises). */
export function addCalendarDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The earlier of two YYYY-MM-DD dates. */
export function earlierDate(a: string, b: string): string {
  return a <= b ? a : b;
}

/** The later of two YYYY-MM-DD dates. */
export function laterDate(a: string, b: string): string {
  return earlierDate(a, b) === a ? b : a;
}

/** Whether a calendar day is a working day (adjusted working weekends included, holidays excluded). */
export function isWorkday(date: string): boolean {
  assertDate(date);
  let hit = cache.get(date);
  if (hit === undefined) {
    hit = cd.isWorkday(date);
    cache.set(date, hit);
  }
  return hit;
}

/**
 * The date `n` working days after `date` (before it when `n` is negative). The start day itself
 * is never counted, so `addWorkdays(friday, 1)` is the next working day, usually Monday;
 * `addWorkdays(d, 0)` is `d`.
 */
export function addWorkdays(date: string, n: number): string {
  assertDate(date);
  if (!Number.isInteger(n)) throw new Error(`addWorkdays: n must be an integer, got ${n}`);
  const dir = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let cur = date;
  while (left > 0) {
    cur = addCalendarDays(cur, dir);
    if (isWorkday(cur)) left--;
  }
  return cur;
}

/**
 * The number of working days `d` with `a < d ≤ b` (negative, counted the same way, when `b` is
 * before `a`). It is the inverse of addWorkdays: `workdaysBetween(a, addWorkdays(a, n)) === n`.
 */
export function workdaysBetween(a: string, b: string): number {
  assertDate(a);
  assertDate(b);
  if (a === b) return 0;
  if (b < a) return -workdaysBetween(b, a);
  let n = 0;
  for (let cur = addCalendarDays(a, 1); cur <= b; cur = addCalendarDays(cur, 1)) if (isWorkday(cur)) n++;
  return n;
}
