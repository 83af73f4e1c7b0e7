// Checks on text from outside: well-formed Unicode, no control characters, stored as NFC.

// C0 and C1 controls except tab, line feed and carriage return; plus bidi overrides that can spoof text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LINE_BREAK = /[\t\n\r]/;

export function textProblem(value: string, options: { multiline?: boolean } = {}): string | undefined {
  if (!value.isWellFormed()) return 'must be well-formed Unicode text';
  if (CONTROL.test(value)) return 'must not contain control characters';
  if (!options.multiline && LINE_BREAK.test(value)) return 'must be a single line';
  return undefined;
}

/** NFC, trimmed; multi-line text keeps its words but folds runs of white space. */
export function cleanText(value: string, options: { multiline?: boolean } = {}): string {
  const nfc = value.normalize('NFC').trim();
  return options.multiline ? nfc.replace(/\s+/g, ' ') : nfc;
}
