// Romanian number formats and the Europe/Bucharest calendar the reports count in.

export const fmt = new Intl.NumberFormat('ro-RO');
export const pct = new Intl.NumberFormat('ro-RO', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 2,
});

export const DAY_MS = 86_400_000;

const bucharestDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Bucharest',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Bucharest day `offset` days from today, as YYYY-MM-DD. */
export function day(offset: number): string {
  return bucharestDate.format(new Date(Date.now() + offset * DAY_MS));
}

export function rate(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}
