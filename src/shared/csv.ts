// CSV rendering (RFC 4180): a header row, CRLF line ends, fields quoted when they hold a quote, comma or line break.

export type CsvValue = string | number | boolean | undefined;

/** Text starting like a spreadsheet formula is prefixed with ' so opening the file never runs it. */
function cell(value: CsvValue): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
