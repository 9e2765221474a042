/**
 * CSV as RFC 4180 writes it (comma-separated, CRLF line ends, fields quoted
 * when they hold a comma, quote or line break, quotes doubled), with one
 * safety on top: text that a spreadsheet would run as a formula is prefixed
 * with an apostrophe, so a name like "=HYPERLINK(…)" stays text.
 */

export type CsvValue = string | number | boolean | null | undefined;

/** What starts a formula in Excel, LibreOffice and Google Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(",");
}

/** A header row, then one line per row, each ended with CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => `${csvRow(row)}\r\n`).join("");
}
