"use client";

import { AlertCircle, CheckCircle2, Download, FileUp, GitMerge, Loader2, XCircle } from "lucide-react";
import Link from "next/link";
import { useId, useMemo, useRef, useState } from "react";
import { toast } from "@/lib/toast";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import {
  CONTACT_FIELDS,
  CsvFileError,
  decodeCsvBytes,
  FIELD_LABEL,
  guessMapping,
  MAX_IMPORT_BYTES,
  parseCsvText,
  planImport,
  tooLargeMessage,
  type ColumnMapping,
  type ParsedCsv,
} from "@/lib/contacts/csv";
import { csvRow } from "@/lib/csv";
import type { ImportReport } from "@/lib/contacts/import";
import { formatPhone } from "@/lib/phone";
import { ScrollTable } from "../scroll-table";

type Loaded = { file: File; parsed: ParsedCsv };
const PREVIEW_ROWS = 5;
const REPORT_ROWS_SHOWN = 200;

/**
 * Three steps: choose a file (size and encoding checked before it is parsed), map its columns with a
 * live preview, then import on the server and show the row-by-row report.
 */
export function ImportWizard({ defaultCountry }: { defaultCountry: string }) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [mapping, setMapping] = useState<ColumnMapping>();
  const [fileError, setFileError] = useState<string>();
  const [reading, setReading] = useState(false);
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<ImportReport>();
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();

  async function choose(file: File | undefined) {
    setFileError(undefined);
    setLoaded(undefined);
    setReport(undefined);
    if (!file) return;
    // Refused on its size alone: a 50 MB file is never read into the page.
    if (file.size > MAX_IMPORT_BYTES) return setFileError(tooLargeMessage(file.size));
    setReading(true);
    try {
      const parsed = parseCsvText(decodeCsvBytes(new Uint8Array(await file.arrayBuffer())));
      setLoaded({ file, parsed });
      setMapping(guessMapping(parsed.header));
    } catch (error) {
      setFileError(error instanceof CsvFileError ? error.message : "This file could not be read. Export it again as CSV and retry.");
    } finally {
      setReading(false);
    }
  }

  function reset() {
    setLoaded(undefined);
    setMapping(undefined);
    setReport(undefined);
    setFileError(undefined);
    if (inputRef.current) inputRef.current.value = "";
  }

  async function runImport() {
    if (!loaded || !mapping) return;
    setImporting(true);
    try {
      const query = new URLSearchParams({ mapping: JSON.stringify(mapping), filename: loaded.file.name });
      const response = await fetch(`/contacts/import/upload?${query}`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: loaded.file,
      });
      const body = (await response.json().catch(() => null)) as (ImportReport & { detail?: string }) | null;
      if (!response.ok || !body) {
        const message = body?.detail ?? (response.status === 401 ? "Your session has ended. Sign in again." : "The import failed and nothing was saved.");
        toast.error(message);
        setFileError(message);
        return;
      }
      setReport(body);
      toast.success(`Imported ${body.imported + body.merged} contacts`);
    } catch {
      toast.error("The import could not reach the server. Nothing was saved; try again.");
    } finally {
      setImporting(false);
    }
  }

  if (report && loaded) return <ImportResult report={report} fileName={loaded.file.name} onAgain={reset} />;

  return (
    <div className="flex flex-col gap-6">
      <Card>
        <CardHeader>
          <CardTitle>1. Choose a CSV file</CardTitle>
          <CardDescription>
            Up to 5 MB, UTF-8, with a header row. Numbers can be in any common format; numbers without a country code are read as{" "}
            {defaultCountry} numbers.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <div className="flex flex-col gap-2">
            <Label htmlFor={inputId}>CSV file</Label>
            <input
              ref={inputRef}
              id={inputId}
              type="file"
              accept=".csv,text/csv,text/plain"
              aria-describedby={fileError ? `${inputId}-error` : undefined}
              onChange={(e) => void choose(e.target.files?.[0])}
              className="block w-full max-w-md rounded-md border border-input bg-card text-sm file:mr-3 file:border-0 file:border-r file:border-input file:bg-secondary file:px-3 file:py-2 file:text-sm file:font-medium focus-visible:outline-2 focus-visible:outline-ring"
            />
          </div>
          {reading ? (
            <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
              <Loader2 className="size-4 animate-spin" aria-hidden /> Reading the file…
            </p>
          ) : null}
          {fileError ? (
            <p id={`${inputId}-error`} role="alert" className="flex items-start gap-2 rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
              <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
              {fileError}
            </p>
          ) : null}
          {loaded ? (
            <p className="text-sm text-muted-foreground" data-testid="file-summary">
              <span className="font-medium text-foreground">{loaded.file.name}</span>: {loaded.parsed.rows.length.toLocaleString("en")}{" "}
              {loaded.parsed.rows.length === 1 ? "row" : "rows"}, {loaded.parsed.header.length} columns.
            </p>
          ) : null}
        </CardContent>
      </Card>

      {loaded && mapping ? (
        <MappingStep
          parsed={loaded.parsed}
          mapping={mapping}
          onChange={setMapping}
          defaultCountry={defaultCountry}
          importing={importing}
          onImport={() => void runImport()}
          onCancel={reset}
        />
      ) : null}
    </div>
  );
}

function MappingStep({
  parsed,
  mapping,
  onChange,
  defaultCountry,
  importing,
  onImport,
  onCancel,
}: {
  parsed: ParsedCsv;
  mapping: ColumnMapping;
  onChange: (m: ColumnMapping) => void;
  defaultCountry: string;
  importing: boolean;
  onImport: () => void;
  onCancel: () => void;
}) {
  const id = useId();
  // The same planner the server runs, so the counts here are the counts the import reports
  // (except "merged", which only the database knows).
  const plan = useMemo(() => {
    try {
      return planImport(parsed, mapping, defaultCountry);
    } catch (error) {
      return error instanceof CsvFileError ? error.message : "This mapping cannot be used.";
    }
  }, [parsed, mapping, defaultCountry]);
  const columnName = (i: number) => parsed.header[i] || `Column ${i + 1}`;
  const preview = parsed.rows.slice(0, PREVIEW_ROWS);
  const rejectedByLine = new Map(typeof plan === "string" ? [] : plan.rejected.map((r) => [r.line, r.reason]));
  const mapped = CONTACT_FIELDS.filter((f) => mapping[f] !== null);

  return (
    <Card>
      <CardHeader>
        <CardTitle>2. Match the columns</CardTitle>
        <CardDescription>We guessed from the header row. Name and phone number are required.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
          {CONTACT_FIELDS.map((field) => (
            <div key={field} className="flex flex-col justify-end gap-2">
              <Label htmlFor={`${id}-${field}`}>
                {FIELD_LABEL[field]}
                {field === "name" || field === "phone" ? <span className="text-muted-foreground"> (required)</span> : null}
              </Label>
              <NativeSelect
                id={`${id}-${field}`}
                value={mapping[field] ?? ""}
                onChange={(e) => onChange({ ...mapping, [field]: e.target.value === "" ? null : Number(e.target.value) })}
              >
                <option value="">Don’t import</option>
                {parsed.header.map((_, i) => (
                  <option key={i} value={i}>
                    {columnName(i)}
                  </option>
                ))}
              </NativeSelect>
            </div>
          ))}
        </div>

        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium">Preview of the first {Math.min(PREVIEW_ROWS, parsed.rows.length)} rows</h3>
          <div className="rounded-md border">
            <ScrollTable label="Preview of the first rows">
              <TableHeader>
                <TableRow>
                  <TableHead className="w-12">Row</TableHead>
                  <TableHead>Check</TableHead>
                  {mapped.map((f) => (
                    <TableHead key={f}>
                      {FIELD_LABEL[f]}
                      <span className="block font-normal normal-case tracking-normal">from “{columnName(mapping[f]!)}”</span>
                    </TableHead>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {preview.map((row, i) => {
                  const line = i + 2;
                  const reason = rejectedByLine.get(line);
                  return (
                    <TableRow key={line}>
                      <TableCell className="tabular-nums text-muted-foreground">{line}</TableCell>
                      <TableCell className="min-w-28 max-w-64">
                        {typeof plan === "string" ? null : reason ? (
                          <span className="text-destructive">{reason}</span>
                        ) : (
                          <span className="text-success">Ready</span>
                        )}
                      </TableCell>
                      {mapped.map((f) => (
                        <TableCell key={f} className="max-w-44 truncate">
                          {row[mapping[f]!] ?? ""}
                        </TableCell>
                      ))}
                    </TableRow>
                  );
                })}
              </TableBody>
            </ScrollTable>
          </div>
        </div>

        {typeof plan === "string" ? (
          <p role="alert" className="flex items-start gap-2 rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
            <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
            {plan}
          </p>
        ) : (
          <p className="text-sm" data-testid="plan-summary" aria-live="polite">
            <span className="font-medium">{plan.candidates.length.toLocaleString("en")}</span>{" "}
            {plan.candidates.length === 1 ? "contact is" : "contacts are"} ready to import
            {plan.rejected.length > 0 ? (
              <>
                {" "}
                · <span className="font-medium text-destructive">{plan.rejected.length.toLocaleString("en")}</span>{" "}
                {plan.rejected.length === 1 ? "row" : "rows"} will be skipped (the report says why)
              </>
            ) : null}
            . Numbers already saved are updated, not duplicated.
          </p>
        )}

        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="outline" onClick={onCancel} disabled={importing}>
            Choose another file
          </Button>
          <Button onClick={onImport} disabled={importing || typeof plan === "string" || plan.candidates.length === 0}>
            {importing ? <Loader2 className="animate-spin" aria-hidden /> : <FileUp aria-hidden />}
            {importing ? "Importing…" : typeof plan === "string" ? "Import" : `Import ${plan.candidates.length.toLocaleString("en")} contacts`}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}

const STATUS_BADGE = {
  // Outline badges with a coloured icon: the tinted success badge is too low in contrast for text-xs.
  imported: (
    <Badge variant="outline" className="text-foreground">
      <CheckCircle2 className="size-3 text-success" aria-hidden /> Imported
    </Badge>
  ),
  merged: (
    <Badge variant="outline" className="text-foreground">
      <GitMerge className="size-3 text-primary" aria-hidden /> Merged
    </Badge>
  ),
  rejected: (
    <Badge variant="outline" className="text-foreground">
      <XCircle className="size-3 text-destructive" aria-hidden /> Rejected
    </Badge>
  ),
};

function ImportResult({ report, fileName, onAgain }: { report: ImportReport; fileName: string; onAgain: () => void }) {
  const [filter, setFilter] = useState<"problems" | "all">(report.rejected > 0 ? "problems" : "all");
  const rows = filter === "problems" ? report.rows.filter((r) => r.status === "rejected") : report.rows;
  const shown = rows.slice(0, REPORT_ROWS_SHOWN);

  function downloadReport() {
    const text = [csvRow(["row", "status", "name", "phone", "reason"]), ...report.rows.map((r) => csvRow([String(r.line), r.status, r.name, r.phone, r.reason ?? ""]))].join("");
    const url = URL.createObjectURL(new Blob([`\uFEFF${text}`], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `import-report-${fileName.replace(/\.[^.]+$/, "")}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  }

  const figures = [
    { label: "Imported", value: report.imported, icon: CheckCircle2, tone: "text-success", hint: "new contacts" },
    { label: "Merged", value: report.merged, icon: GitMerge, tone: "text-primary", hint: "already saved, updated" },
    { label: "Rejected", value: report.rejected, icon: XCircle, tone: "text-destructive", hint: "not imported" },
  ];

  return (
    <div className="flex flex-col gap-6">
      <div role="status" className="grid gap-4 sm:grid-cols-3">
        {figures.map((f) => (
          <Card key={f.label}>
            <CardHeader>
              <CardDescription className="flex items-center gap-2">
                <f.icon className={`size-4 ${f.tone}`} aria-hidden /> {f.label}
              </CardDescription>
              <CardTitle className="text-3xl tabular-nums" data-testid={`report-${f.label.toLowerCase()}`}>
                {f.value.toLocaleString("en")}
              </CardTitle>
              <p className="text-xs text-muted-foreground">{f.hint}</p>
            </CardHeader>
          </Card>
        ))}
      </div>

      <Card>
        <CardHeader className="gap-3 sm:flex-row sm:items-center sm:justify-between">
          <div className="flex flex-col gap-1.5">
            <CardTitle>Row by row</CardTitle>
            <CardDescription>
              {fileName}, imported in {(report.durationMs / 1000).toFixed(1)} s.
            </CardDescription>
          </div>
          <div className="flex flex-wrap gap-2">
            {report.rejected > 0 ? (
              <div className="flex rounded-md border p-0.5" role="group" aria-label="Rows to show">
                {(["problems", "all"] as const).map((f) => (
                  <Button key={f} size="sm" variant={filter === f ? "secondary" : "ghost"} aria-pressed={filter === f} onClick={() => setFilter(f)}>
                    {f === "problems" ? "Rejected" : "All rows"}
                  </Button>
                ))}
              </div>
            ) : null}
            <Button size="sm" variant="outline" onClick={downloadReport}>
              <Download aria-hidden />
              Download report
            </Button>
          </div>
        </CardHeader>
        <CardContent>
          <div className="rounded-md border">
            <ScrollTable label="Import report">
              <TableHeader>
                <TableRow>
                  <TableHead className="w-12">Row</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Name</TableHead>
                  <TableHead>Phone</TableHead>
                  <TableHead>Why</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {shown.map((r) => (
                  <TableRow key={r.line}>
                    <TableCell className="tabular-nums text-muted-foreground">{r.line}</TableCell>
                    <TableCell>{STATUS_BADGE[r.status]}</TableCell>
                    <TableCell className="max-w-48 truncate">{r.name ?? "—"}</TableCell>
                    <TableCell className="whitespace-nowrap tabular-nums">{r.phone ? (r.phone.startsWith("+") ? formatPhone(r.phone) : r.phone) : "—"}</TableCell>
                    <TableCell className="min-w-48 text-muted-foreground">{r.reason ?? (r.status === "merged" ? "Updated the saved contact" : "")}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </ScrollTable>
          </div>
          {rows.length > shown.length ? (
            <p className="mt-3 text-sm text-muted-foreground">
              Showing the first {REPORT_ROWS_SHOWN} of {rows.length.toLocaleString("en")} rows. Download the report for all of them.
            </p>
          ) : null}
        </CardContent>
      </Card>

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={onAgain}>
          Import another file
        </Button>
        <Button asChild>
          <Link href="/contacts">View contacts</Link>
        </Button>
      </div>
    </div>
  );
}
