import Papa from "papaparse";
import { unescapeCell } from "@/lib/csv";
import { toE164 } from "@/lib/phone";

/**
 * Contacts CSV: decoding and parsing an upload (shared by the browser preview and the server import),
 * guessing the column mapping, planning the row-by-row import, and writing an export that is safe to
 * open in a spreadsheet. Pure functions: no database, no DOM.
 */

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 50_000;
export const CONTACT_FIELDS = ["name", "phone", "email", "company", "notes"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
/** Field → index of the CSV column it comes from, or null for "don't import". */
export type ColumnMapping = Record<ContactField, number | null>;

export const FIELD_LABEL: Record<ContactField, string> = {
  name: "Name",
  phone: "Phone number",
  email: "Email",
  company: "Company",
  notes: "Notes",
};

export const FIELD_MAX: Record<ContactField, number> = { name: 200, phone: 40, email: 254, company: 200, notes: 2000 };

/** A whole-file problem: nothing is imported, and the message says why. */
export class CsvFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvFileError";
  }
}

export function tooLargeMessage(bytes: number): string {
  return `This file is ${formatBytes(bytes)}; the limit is ${formatBytes(MAX_IMPORT_BYTES)}. Split it into smaller files and import each one.`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/**
 * Bytes → text. UTF-8 (with or without a BOM) or UTF-16 with a BOM (Excel's "Unicode text"); anything
 * else, or a binary file, is refused whole rather than imported as mojibake.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new CsvFileError("The file is empty.");
  let text: string;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder("utf-16le", { fatal: true }).decode(bytes.subarray(2));
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder("utf-16be", { fatal: true }).decode(bytes.subarray(2));
    else text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CsvFileError(
      "This file is not UTF-8 text, so names could be garbled. Save it as “CSV UTF-8” (in Excel: File → Save As → CSV UTF-8) and try again.",
    );
  }
  // A NUL never appears in a text CSV; it does in spreadsheets, images and zip files renamed to .csv.
  if (text.includes("\u0000")) throw new CsvFileError("This looks like a binary file, not a CSV. Export your contacts as CSV and try again.");
  return text.replace(/^\uFEFF/, "");
}

export type ParsedCsv = { header: string[]; rows: string[][] };

/** Text → header + rows. Refuses the whole file when it cannot be read reliably. */
export function parseCsvText(text: string): ParsedCsv {
  const result = Papa.parse<string[]>(text, { skipEmptyLines: "greedy" });
  const quoteError = result.errors.find((e) => e.type === "Quotes");
  if (quoteError) {
    const line = (quoteError.row ?? 0) + 1;
    throw new CsvFileError(`Row ${line} has a quote that is never closed, so the rows after it can’t be told apart. Fix the file and try again.`);
  }
  const [first, ...rows] = result.data;
  if (!first || first.every((c) => c.trim() === "")) throw new CsvFileError("The file has no rows.");
  const header = first.map((c) => c.trim());
  if (looksLikeData(header)) {
    throw new CsvFileError(
      "The first row looks like a contact, not column names. Add a header row such as “name,phone,email,company,notes” and try again.",
    );
  }
  if (rows.length === 0) throw new CsvFileError("The file has a header row but no contacts under it.");
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new CsvFileError(`The file has ${rows.length.toLocaleString("en")} rows; the limit is ${MAX_IMPORT_ROWS.toLocaleString("en")} per import.`);
  }
  return { header, rows };
}

/** A header cell that is a phone number, an email or a bare number means there is no header row. */
function looksLikeData(header: string[]): boolean {
  return header.some((cell) => {
    if (!cell) return false;
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(cell)) return true;
    // A number-like cell with at least six digits: a phone number in any format.
    return /^[\d\s()+.-]+$/.test(cell) && cell.replace(/\D/g, "").length >= 6;
  });
}

const GUESSES: Record<ContactField, RegExp[]> = {
  // Most specific first: "Full name" beats "First name", which beats a column that merely mentions name.
  name: [/^(full |display |contact )?name$/i, /^first ?name$/i, /^(contact|person|customer|client)$/i, /name/i],
  phone: [/^(phone|mobile|cell|tel|telephone)( ?(number|no\.?|#))?$/i, /phone|mobile|cell|tel\b|number/i],
  email: [/^e-?mail( address)?$/i, /e-?mail/i],
  company: [/^(company|organi[sz]ation|business|employer)( name)?$/i, /company|organi[sz]ation|business/i],
  notes: [/^notes?$/i, /note|comment|description|memo/i],
};

/** The mapping a person would most likely choose, from the header's wording. */
export function guessMapping(header: string[]): ColumnMapping {
  const used = new Set<number>();
  const mapping = { name: null, phone: null, email: null, company: null, notes: null } as ColumnMapping;
  // Phone, email and company first, so "Phone number" or "Company name" is not taken as the name.
  for (const field of ["phone", "email", "company", "notes", "name"] as const) {
    for (const pattern of GUESSES[field]) {
      const index = header.findIndex((h, i) => !used.has(i) && pattern.test(h));
      if (index >= 0) {
        mapping[field] = index;
        used.add(index);
        break;
      }
    }
  }
  return mapping;
}

export type ImportCandidate = {
  line: number;
  name: string;
  phone: string;
  email: string | null;
  company: string | null;
  notes: string | null;
};
export type RejectedRow = { line: number; name: string | null; phone: string | null; reason: string };
export type ImportPlan = { candidates: ImportCandidate[]; rejected: RejectedRow[] };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Decides row by row what can be imported. Line numbers are the file's (the header is line 1).
 * The first row with a number wins; later rows with the same number are rejected as duplicates.
 */
export function planImport(parsed: ParsedCsv, mapping: ColumnMapping, defaultCountry: string): ImportPlan {
  if (mapping.phone === null) throw new CsvFileError("Choose which column holds the phone numbers.");
  if (mapping.name === null) throw new CsvFileError("Choose which column holds the names.");
  for (const field of CONTACT_FIELDS) {
    const index = mapping[field];
    if (index !== null && (index < 0 || index >= parsed.header.length)) {
      throw new CsvFileError(`The ${FIELD_LABEL[field].toLowerCase()} column is not in this file.`);
    }
  }
  const candidates: ImportCandidate[] = [];
  const rejected: RejectedRow[] = [];
  const firstLineOf = new Map<string, number>();
  const headerWidth = parsed.header.length;

  parsed.rows.forEach((row, i) => {
    const line = i + 2;
    const cell = (field: ContactField) => {
      const index = mapping[field];
      return index === null ? "" : unescapeCell((row[index] ?? "").trim());
    };
    const name = cell("name");
    const rawPhone = cell("phone");
    const reject = (reason: string, phone: string | null = rawPhone || null) => rejected.push({ line, name: name || null, phone, reason });

    if (row.length > headerWidth && row.slice(headerWidth).some((c) => c.trim() !== "")) {
      return reject(`Has ${row.length} cells but the header has ${headerWidth}: a value probably contains an unquoted comma.`);
    }
    if (!rawPhone) return reject("No phone number.");
    const phone = toE164(rawPhone, defaultCountry);
    if (!phone) return reject(`“${rawPhone}” is not a valid phone number.`);
    if (!name) return reject("No name.", phone);
    const earlier = firstLineOf.get(phone);
    if (earlier !== undefined) return reject(`Same number as row ${earlier}; only the first is imported.`, phone);
    const email = cell("email");
    if (email && !EMAIL_RE.test(email)) return reject(`“${email}” is not a valid email address.`, phone);
    for (const field of ["name", "email", "company", "notes"] as const) {
      const value = cell(field);
      if (value.length > FIELD_MAX[field]) return reject(`${FIELD_LABEL[field]} is longer than ${FIELD_MAX[field]} characters.`, phone);
    }
    firstLineOf.set(phone, line);
    candidates.push({ line, name, phone, email: email || null, company: cell("company") || null, notes: cell("notes") || null });
  });
  return { candidates, rejected };
}

// ─── Export ─────────────────────────────────────────────────────────────────────────────────────────

export const EXPORT_HEADER = ["name", "phone", "email", "company", "notes", "phone_type", "last_call_at"];
