import Papa from "papaparse";

/**
 * Text a spreadsheet would run as a formula when the file is opened (CSV injection): it starts with
 * = + - @, a tab or a carriage return. Our own pattern rather than papaparse's default
 * (/^[=+\-@\t\r].*$/), which misses a formula followed by a line break.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null | undefined;

/**
 * One CSV line (RFC 4180, CRLF), for every export: written by papaparse's `unparse`, with a leading
 * apostrophe on text that would be run as a formula (Excel and Sheets then show it as text). Numbers
 * pass through as numbers, so a negative amount stays a number; null is an empty cell.
 */
export function csvRow(values: CsvValue[]): string {
  return `${Papa.unparse([values.map((v) => v ?? null)], { escapeFormulae: FORMULA_START, newline: "\r\n" })}\r\n`;
}

/** Undoes `csvRow`'s formula escaping on a parsed cell, so an exported file imports back unchanged. */
export function unescapeCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
