/** bench/README.md: the figures of the last run against their budgets. */
type Lat = { p50: number; p95: number; p99: number; n: number };
const mark = (ok: boolean) => (ok ? "✅" : "❌");

// The results object is assembled step by step in scripts/bench.ts; this only formats it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderReadme(r: Record<string, any>): string {
  const lines: string[] = [];
  lines.push("# Benchmark", "", `Run ${r.date} on ${r.machine.cores} cores, Node ${r.machine.node}, with \`npm run bench\`.`, "");
  lines.push("| what | measured | budget | |", "|---|---|---|---|");
  const i = r.ingest;
  if (i) {
    lines.push(`| ingest: highest sustained rate (< 1 % errors) | ${i.sustainedEventsPerSecond}/s | ≥ 1,000/s | ${mark(i.sustainedEventsPerSecond >= 1000)} |`);
    lines.push(`| ingest latency at 200/s (p50 / p95 / p99) | ${i.latencyAt200.p50} / ${i.latencyAt200.p95} / ${i.latencyAt200.p99} ms | p99 ≤ 50 ms | ${mark(i.latencyAt200.p99 <= 50)} |`);
    lines.push(`| ingest vs bare postgres.js inserts (${i.baselineEventsPerSecond}/s) | ${i.ratioToBaseline}× | ≥ 0.5× | ${mark(i.ratioToBaseline >= 0.5)} |`);
    lines.push(`| same route, signature refused (401, no parsing, no database): the web process's ceiling | ${i.ceilingEventsPerSecond}/s | — | |`);
  }
  const d = r.delivery;
  if (d) {
    lines.push(`| delivery: accepted → webhook received at 50/s (p50 / p95) | ${d.latencyMs.p50} / ${d.latencyMs.p95} ms | ≤ 50 / ≤ 200 ms | ${mark(d.latencyMs.p50 <= 50 && d.latencyMs.p95 <= 200)} |`);
    lines.push(`| delivery: lost of ${d.calls} (signatures checked with standardwebhooks; ${d.invalidSignatures} invalid) | ${d.lost} | 0 | ${mark(d.lost === 0 && d.invalidSignatures === 0)} |`);
    const m = d.withMessages;
    if (m) {
      for (const c of ["sms", "email", "webhook"]) {
        const v = m[c];
        lines.push(`| with SMS + email + webhook per call, ${c} (p50 / p95, lost of ${v.calls}) | ${v.latencyMs.p50} / ${v.latencyMs.p95} ms, ${v.lost} lost | — | |`);
      }
    }
  }
  const q = r.queries;
  if (q) {
    for (const k of ["callsList", "callsListPage2", "callDetail", "overview", "creditsChart"]) {
      const v = q[k] as Lat;
      lines.push(`| query ${k} at ${q.calls.toLocaleString("en")} calls (p95) | ${v.p95} ms | ≤ 20 ms | ${mark(v.p95 <= 20)} |`);
    }
  }
  const p = r.pages;
  if (p) {
    const worst = Object.entries(p.firstLoadJsKbGzip as Record<string, number>).sort((a, b) => b[1] - a[1])[0];
    if (worst) lines.push(`| first-load JS, heaviest dashboard page (${worst[0]}) | ${worst[1]} kB gzip | ≤ 180 kB | ${mark(worst[1] <= 180)} |`);
    lines.push(`| /calls server response at 1M calls (p50 / p95) | ${p.callsPageResponseMs.p50} / ${p.callsPageResponseMs.p95} ms | — | |`);
  }
  if (r.memoryMiB) lines.push(`| peak resident memory under load | ${Object.entries(r.memoryMiB).map(([k, v]) => `${k} ${v} MiB`).join(", ")} | — | |`);
  lines.push("");
  if (i) {
    lines.push("## Ingest steps (open loop, latency from the scheduled send time)", "", "| target/s | achieved/s | errors | p50 ms | p99 ms |", "|---|---|---|---|---|");
    for (const s of i.steps) lines.push(`| ${s.rate} | ${s.achieved} | ${(s.errorRate * 100).toFixed(2)} % | ${s.p50} | ${s.p99} |`);
    lines.push("", "Ceiling (the same requests, refused with 401 after the signature check):", "", "| target/s | achieved/s | errors | p50 ms | p99 ms |", "|---|---|---|---|---|");
    for (const s of i.ceilingSteps ?? []) lines.push(`| ${s.rate} | ${s.achieved} | ${(s.errorRate * 100).toFixed(2)} % | ${s.p50} | ${s.p99} |`);
    lines.push("");
  }
  if (p) {
    lines.push("## First-load JavaScript per page (gzip)", "", "| page | kB |", "|---|---|");
    for (const [k, v] of Object.entries(p.firstLoadJsKbGzip)) lines.push(`| ${k} | ${v} |`);
    lines.push("");
  }
  if (q) {
    lines.push(
      "## Query plans and sizes",
      "",
      "`EXPLAIN ANALYZE` of every statement each function issues, for one account of the 1,000.",
      "",
      "| function | statements | indexes used | sequential scans | execution ms (sum) |",
      "|---|---|---|---|---|",
    );
    for (const [k, v] of Object.entries(q.plans as Record<string, { statements: number; indexes: string[]; seqScans: string[]; ms: number }>))
      lines.push(`| ${k} | ${v.statements} | ${v.indexes.join(", ")} | ${v.seqScans.join(", ") || "none"} | ${v.ms} |`);
    lines.push("", "| table | rows | table size | index size |", "|---|---|---|---|");
    for (const s of q.sizes) lines.push(`| ${s.name} | ${Number(s.rows).toLocaleString("en")} | ${s.table_size} | ${s.index_size} |`);
    lines.push("");
  }
  lines.push("Raw figures: `bench/results.json`. Method: `scripts/bench.ts` and `scripts/bench/*`.", "");
  return lines.join("\n");
}
