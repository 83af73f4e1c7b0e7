// Dates as real feeds write them, unambiguous forms only: RFC 822 (with Romanian month and day names, missing
// seconds, EET/EEST/GMT+2 zones), ISO 8601 / W3C datetime, Romanian day-first numeric dates (05.01.2026 10:30 is
// 5 January) and month-name-first dates; a date without a zone is read as Europe/Bucharest wall time. Anything
// else (two-digit numeric years, extra fields) is refused rather than guessed.

const MONTHS: Record<string, number> = {
  jan: 0,
  ian: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  mai: 4,
  jun: 5,
  iun: 5,
  jul: 6,
  iul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  noi: 10,
  dec: 11,
};

/** Zone abbreviations seen in feeds, in minutes east of UTC. */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  mez: 60,
  mesz: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
};

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?`;
const ISO = new RegExp(String.raw`^(\d{4})([-/.])(\d{2})\2(\d{2})(?:[T\s]${TIME}(?:\s?(\S.*))?)?$`, 'i');
// Day first, four-digit year: how Romanian sites write numeric dates.
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:,?\s+${TIME})?(?:\s+(.+))?$`);
// [day name[,]] day month year [hh:mm[:ss]] [zone]
const RFC822 = new RegExp(
  String.raw`^(?:\p{L}+\.?(?:,\s*|\s+))?(\d{1,2})\s+(\p{L}+)\.?,?\s+(\d{4}|\d{2})(?:,?\s+${TIME})?(?:\s+(.+))?$`,
  'u',
);
// [day name[,]] month day[,] year [hh:mm[:ss]] [zone] (JavaScript's Date#toString, US-style feeds)
const MONTH_FIRST = new RegExp(
  String.raw`^(?:\p{L}+\.?(?:,\s*|\s+))?(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+${TIME})?(?:\s+(.+))?$`,
  'u',
);

/** Milliseconds since the epoch, or undefined when the text is not a date we can read with confidence. */
export function parseFeedDate(raw: string | null | undefined): number | undefined {
  const folded = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (!folded || folded.length > 100) return undefined;
  const text = twentyFourHour(folded);
  if (text === undefined) return undefined;

  const iso = ISO.exec(text);
  if (iso) {
    const [, y, , mo, d, h, mi, s, frac, zone] = iso;
    return at(Number(y), Number(mo) - 1, Number(d), [h, mi, s, frac], zoneOffset(zone));
  }
  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst) {
    const [, d, , mo, y, h, mi, s, frac, zone] = dayFirst;
    return at(Number(y), Number(mo) - 1, Number(d), [h, mi, s, frac], zoneOffset(zone));
  }
  const rfc = RFC822.exec(text);
  if (rfc) {
    const [, d, monthName = '', y = '', h, mi, s, frac, zone] = rfc;
    let year = Number(y);
    if (y.length === 2) year += year < 50 ? 2000 : 1900; // RFC 822 itself has two-digit years
    return at(year, monthIndex(monthName), Number(d), [h, mi, s, frac], zoneOffset(zone));
  }
  const monthFirst = MONTH_FIRST.exec(text);
  if (monthFirst) {
    const [, monthName = '', d, y, h, mi, s, frac, zone] = monthFirst;
    return at(Number(y), monthIndex(monthName), Number(d), [h, mi, s, frac], zoneOffset(zone));
  }
  return undefined;
}

/** "10:30 PM" → "22:30" (US-style feeds); undefined for an impossible 12-hour time ("13:00 PM"). */
function twentyFourHour(text: string): string | undefined {
  const m = /\b(\d{1,2})(:\d{2}(?::\d{2})?)\s?([AaPp])\.?[Mm]\.?(?=\s|$)/.exec(text);
  if (!m) return text;
  const hour = Number(m[1]);
  if (hour < 1 || hour > 12) return undefined;
  const h24 = (hour % 12) + (m[3]?.toLowerCase() === 'p' ? 12 : 0);
  return `${text.slice(0, m.index)}${String(h24).padStart(2, '0')}${m[2]}${text.slice(m.index + m[0].length)}`;
}

function monthIndex(name: string): number {
  return MONTHS[fold(name).slice(0, 3)] ?? -1;
}

function at(
  year: number,
  month: number,
  day: number,
  [h = '0', mi = '0', s = '0', frac = '0']: (string | undefined)[],
  offset: number | undefined | null,
): number | undefined {
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  return build(year, month, day, Number(h), Number(mi), Number(s), ms, offset);
}

/** Minutes east of UTC; undefined = no zone (Bucharest wall time); null = a zone we cannot read. */
function zoneOffset(zone: string | undefined): number | undefined | null {
  let z = (zone ?? '').trim();
  // "+0200 (EET)", "GMT+0200 (Eastern European Standard Time)": the comment explains, the offset decides.
  const comment = /^([^()]*)\(([^()]*)\)$/.exec(z);
  if (comment) z = (comment[1] ?? '').trim() || (comment[2] ?? '').trim();
  if (!z) return undefined;
  const numeric = /^(?:GMT|UTC|UT)?\s?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? '0');
    if (hours > 14 || minutes > 59) return null;
    return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  // "EEST (Ora de vară a Europei de Est)" and the like: the first word decides.
  const word = fold(z.split(/[\s(]/)[0] ?? '');
  return ZONES[word] ?? null;
}

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number | undefined | null,
): number | undefined {
  if (offsetMinutes === null) return undefined;
  if (hour > 23 || minute > 59 || second > 60 || day < 1 || day > 31 || month < 0 || month > 11)
    return undefined;
  if (year < 1900 || year > 9999) return undefined;
  const wall = Date.UTC(year, month, day, hour, minute, Math.min(second, 59), ms);
  if (new Date(wall).getUTCDate() !== day) return undefined; // 31 November and the like
  if (offsetMinutes !== undefined) return wall - offsetMinutes * 60_000;
  // Bucharest wall time: its offset at that instant (EET +2 or EEST +3), settled in two steps around DST changes.
  const first = wall - bucharestOffset(wall) * 60_000;
  return wall - bucharestOffset(first) * 60_000;
}

const bucharest = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Bucharest',
  timeZoneName: 'longOffset',
});

function bucharestOffset(utcMs: number): number {
  const name = bucharest.formatToParts(utcMs).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+02:00';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 120;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

function fold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}
