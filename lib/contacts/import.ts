import type { Db } from "@/db";
import { defaultCountryOf, importContacts } from "@/db/queries/contacts";
import type { Actor } from "@/db/audit";
import { AppError } from "@/lib/errors";
import { readBodyLimited } from "@/lib/ingest/read-body";
import {
  CsvFileError,
  decodeCsvBytes,
  MAX_IMPORT_BYTES,
  parseCsvText,
  planImport,
  tooLargeMessage,
  type ColumnMapping,
} from "./csv";

export type ImportReportRow = {
  line: number;
  status: "imported" | "merged" | "rejected";
  name: string | null;
  phone: string | null;
  reason?: string;
};

export type ImportReport = {
  imported: number;
  merged: number;
  rejected: number;
  rows: ImportReportRow[];
  durationMs: number;
};

/** The uploaded file, refused with 413 as soon as it passes the import limit (lib/ingest/read-body.ts). */
export function readImportBody(request: Request): Promise<Uint8Array> {
  return readBodyLimited(request, MAX_IMPORT_BYTES, {
    tooLargeMessage: (declared) =>
      declared !== null
        ? tooLargeMessage(declared)
        : `This file is larger than ${MAX_IMPORT_BYTES / (1024 * 1024)} MB. Split it into smaller files and import each one.`,
  });
}

/**
 * The whole import: decode, parse, plan row by row, store in one transaction. A malformed file
 * (encoding, no header, no phone column, broken quoting) is refused whole with a 422 and stores nothing.
 */
export async function importCsv(
  db: Db,
  accountId: string,
  actor: Actor,
  bytes: Uint8Array,
  mapping: ColumnMapping,
  fileName?: string,
): Promise<ImportReport> {
  const started = performance.now();
  let plan;
  try {
    const parsed = parseCsvText(decodeCsvBytes(bytes));
    plan = planImport(parsed, mapping, await defaultCountryOf(db, accountId));
  } catch (error) {
    if (error instanceof CsvFileError) throw new AppError(422, "invalid_file", error.message);
    throw error;
  }
  const { merged } = plan.candidates.length
    ? await importContacts(db, accountId, actor, plan.candidates, { file: fileName?.slice(0, 200) ?? null, rejected: plan.rejected.length })
    : { merged: new Set<string>() };

  const rows: ImportReportRow[] = [
    ...plan.candidates.map((c) => ({
      line: c.line,
      status: merged.has(c.phone) ? ("merged" as const) : ("imported" as const),
      name: c.name,
      phone: c.phone,
    })),
    ...plan.rejected.map((r) => ({ line: r.line, status: "rejected" as const, name: r.name, phone: r.phone, reason: r.reason })),
  ].sort((a, b) => a.line - b.line);
  return {
    imported: plan.candidates.length - merged.size,
    merged: merged.size,
    rejected: plan.rejected.length,
    rows,
    durationMs: Math.round(performance.now() - started),
  };
}
