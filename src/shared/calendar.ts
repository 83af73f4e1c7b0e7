// Calendar days (YYYY-MM-DD) in Europe/Bucharest: counters and report ranges, by date arithmetic, not by 24 h steps.

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Bucharest',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const MINUTE = 60_000;
// The last minute asked and its day: every counted event asks, and Intl formatting is its dearest step.
let lastMinute = Number.NaN;
let lastDay = '';

/**
 * The calendar day (YYYY-MM-DD) in Europe/Bucharest: reports are by Romanian day. Remembered per UTC minute,
 * which is exact: the zone's midnights and clock changes fall on whole minutes.
 */
export function bucharestDay(ms: number): string {
  const minute = Math.floor(ms / MINUTE);
  if (minute !== lastMinute) {
    lastDay = dayFormat.format(new Date(ms));
    lastMinute = minute;
  }
  return lastDay;
}

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

/** True for a real calendar date written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** The day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= MAX_RANGE_DAYS; d = addDays(d, 1)) out.push(d);
  return out;
}

export interface DayRange {
  from: string;
  to: string;
}

/** A checked range: defaults to the last DEFAULT_RANGE_DAYS days (today in Bucharest included). */
export function resolveRange(
  from: string | undefined,
  to: string | undefined,
  nowMs: number,
): { range: DayRange } | { errors: { path: string; message: string }[] } {
  const errors: { path: string; message: string }[] = [];
  if (from !== undefined && !isDay(from)) errors.push({ path: 'from', message: 'must be a date YYYY-MM-DD' });
  if (to !== undefined && !isDay(to)) errors.push({ path: 'to', message: 'must be a date YYYY-MM-DD' });
  if (errors.length) return { errors };
  const end = to ?? (from === undefined ? bucharestDay(nowMs) : addDays(from, DEFAULT_RANGE_DAYS - 1));
  const start = from ?? addDays(end, -(DEFAULT_RANGE_DAYS - 1));
  if (start > end) return { errors: [{ path: 'from', message: 'must not be after to' }] };
  if (daysBetween(start, end).length > MAX_RANGE_DAYS) {
    return { errors: [{ path: 'to', message: `the range spans at most ${MAX_RANGE_DAYS} days` }] };
  }
  return { range: { from: start, to: end } };
}

/** The UTC instant a Bucharest calendar day starts (DST-aware). */
export function bucharestMidnight(day: string): number {
  // Bucharest is UTC+2 or UTC+3: the day starts between 21:00 and 22:00 UTC the day before.
  let lo = Date.parse(`${day}T00:00:00Z`) - 4 * 3_600_000;
  let hi = lo + 4 * 3_600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (bucharestDay(mid) >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The value of `text[from, from + n)` as decimal digits, or -1 when one is not a digit. */
function digitsAt(text: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = 10 * v + d;
  }
  return v;
}

/**
 * `Date.parse(text)`, read by hand when the text has the shape toISOString() gives ("2026-11-29T09:00:00.000Z",
 * days up to the 28th, where no calendar rule can differ) — the stored headlines' times, read by the thousand
 * at start-up — and by Date.parse otherwise.
 */
export function parseTime(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 ||
    text.charCodeAt(23) !== 90
  )
    return Date.parse(text);
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const ms = digitsAt(text, 20, 3);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23)
    return Date.parse(text);
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || ms < 0) return Date.parse(text);
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
