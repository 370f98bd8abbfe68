/**
 * A voice platform's post-call analysis (any JSON, under the platform's own keys) as a readable list:
 * keys as words, nested objects as nested lists, booleans as Yes/No. Server-rendered, no script.
 */
const MAX_DEPTH = 6;
const MAX_ITEMS = 100;

/** `successEvaluation`, `call_successful`, `custom-field` → "Success evaluation", "Call successful", "Custom field". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : key;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function Value({ value, depth }: { value: unknown; depth: number }) {
  if (value === null || value === undefined || value === "") return <span className="text-muted-foreground">—</span>;
  // Platforms send flags as booleans or as the strings "true"/"false" (Vapi's success evaluation, Synthflow's grades).
  if (value === true || value === "true") return <>Yes</>;
  if (value === false || value === "false") return <>No</>;
  if (typeof value === "number") return <span className="tabular-nums">{value.toLocaleString("en-AU")}</span>;
  if (typeof value === "string") return <span className="whitespace-pre-line break-words">{value}</span>;
  if (depth >= MAX_DEPTH) {
    return <code className="break-all font-mono text-xs">{JSON.stringify(value)}</code>;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-muted-foreground">None</span>;
    const shown = value.slice(0, MAX_ITEMS);
    return (
      <ul className="flex list-disc flex-col gap-1 pl-4">
        {shown.map((item, i) => (
          <li key={i} className="min-w-0">
            <Value value={item} depth={depth + 1} />
          </li>
        ))}
        {value.length > shown.length ? <li className="list-none text-muted-foreground">and {value.length - shown.length} more</li> : null}
      </ul>
    );
  }
  if (isRecord(value)) {
    return Object.keys(value).length === 0 ? <span className="text-muted-foreground">None</span> : <Entries data={value} depth={depth + 1} />;
  }
  return <span>{String(value)}</span>;
}

function Entries({ data, depth }: { data: Record<string, unknown>; depth: number }) {
  const entries = Object.entries(data).slice(0, MAX_ITEMS);
  return (
    <dl className={depth === 0 ? "flex flex-col gap-3 text-sm" : "mt-1 flex flex-col gap-2 border-l-2 pl-3"}>
      {entries.map(([key, value]) => (
        <div key={key} className="min-w-0">
          <dt className="font-medium text-muted-foreground">{humanizeKey(key)}</dt>
          <dd className="min-w-0">
            <Value value={value} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** `omitText`: a top-level string already shown elsewhere on the page (the summary), left out here. */
export function AnalysisList({ analysis, omitText }: { analysis: Record<string, unknown>; omitText?: string | null }) {
  const data = Object.fromEntries(Object.entries(analysis).filter(([, v]) => !(omitText && typeof v === "string" && v.trim() === omitText.trim())));
  if (Object.keys(data).length === 0) return <p className="text-sm text-muted-foreground">Nothing beyond the summary above.</p>;
  return <Entries data={data} depth={0} />;
}
