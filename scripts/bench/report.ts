/** bench/README.md: the figures of the last run against their budgets. */
import type { LighthouseResults } from "./lighthouse";

type Lat = { p50: number; p95: number; p99: number; n: number };
const mark = (ok: boolean) => (ok ? "✅" : "❌");

// The results object is assembled step by step in scripts/bench.ts; this only formats it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderReadme(r: Record<string, any>): string {
  const lines: string[] = [];
  const load = r.machine.loadAverage === undefined ? "" : `, load average ${r.machine.loadAverage.toFixed(1)} at the start (other work on the machine)`;
  lines.push("# Benchmark", "", `Run ${r.date} on ${r.machine.cores} cores${load}, Node ${r.machine.node}, with \`${r.command ?? "npm run bench"}\`${r.seconds ? ` (${r.seconds} s)` : ""}.`, "");
  lines.push("| what | measured | budget | |", "|---|---|---|---|");
  const i = r.ingest;
  const e = i?.perEventAt200;
  if (e) {
    // The headline: CPU time per event, which contention disturbs far less than latency or throughput.
    const ratio = e.webCpuVsNextRoute;
    lines.push(`| web process CPU per event at 200/s: lean path vs Next.js's own route (same build, same run) | ${e.native.webCpuMsPerEvent} vs ${e.nextRoute.webCpuMsPerEvent} ms (${ratio}×) | ≤ ⅓× | ${mark(ratio <= 1 / 3)} |`);
    lines.push(`| PostgreSQL CPU per event at 200/s: lean path / Next.js's route | ${e.native.postgresCpuMsPerEvent} / ${e.nextRoute.postgresCpuMsPerEvent} ms | — | |`);
    lines.push(`| connection ingest (Vapi end-of-call report, ${(e.vapi.bodyBytes / 1024).toFixed(1)} kB) at 200/s: web / PostgreSQL CPU per event | ${e.vapi.webCpuMsPerEvent} / ${e.vapi.postgresCpuMsPerEvent} ms | — | |`);
    lines.push(`| connection ingest at 200/s (p50 / p95 / p99); p99 vs native ingest's | ${lat(e.vapi.latencyMs)}; ${e.connectionP99VsNative}× | ≤ 1.25× | ${mark(e.connectionP99VsNative <= 1.25 && e.vapi.errorRate < 0.01)} |`);
  }
  if (i) {
    lines.push(`| ingest: highest sustained rate (< 1 % errors) | ${i.sustainedEventsPerSecond}/s | ≥ 1,000/s | ${mark(i.sustainedEventsPerSecond >= 1000)} |`);
    lines.push(`| ingest latency at 200/s (p50 / p95 / p99) | ${i.latencyAt200.p50} / ${i.latencyAt200.p95} / ${i.latencyAt200.p99} ms | p99 ≤ 50 ms | ${mark(i.latencyAt200.p99 <= 50)} |`);
    const ratio = i.sustainedEventsPerSecond / i.baselineEventsPerSecond; // judged unrounded
    const after = i.baselineAfterClimbsEventsPerSecond ? `; ${i.baselineAfterClimbsEventsPerSecond}/s after them` : "";
    lines.push(`| ingest vs bare postgres.js inserts (${i.baselineEventsPerSecond}/s, measured before the climbs${after}) | ${ratio.toFixed(3)}× | ≥ 0.5× | ${mark(ratio >= 0.5)} |`);
    if (i.twoProcessEventsPerSecond !== undefined) {
      lines.push(`| ingest with 2 web processes (one per core): highest sustained rate; vs bare inserts | ${i.twoProcessEventsPerSecond}/s; ${i.twoProcessRatioToBaseline}× | — | |`);
    }
    lines.push(`| same route, signature refused (401, no parsing, no database): the web process's ceiling | ${i.ceilingEventsPerSecond}/s | — | |`);
    if (e) lines.push(`| Next.js's own route at 200/s, for comparison (p50 / p95 / p99) | ${lat(e.nextRoute.latencyMs)} | — | |`);
  }
  const d = r.delivery;
  if (d) {
    lines.push(`| delivery: accepted → webhook received at 50/s (p50 / p95) | ${d.latencyMs.p50} / ${d.latencyMs.p95} ms | ≤ 50 / ≤ 200 ms | ${mark(d.latencyMs.p50 <= 50 && d.latencyMs.p95 <= 200)} |`);
    lines.push(`| delivery: lost of ${d.calls} (signatures checked with standardwebhooks; ${d.invalidSignatures} invalid) | ${d.lost} | 0 | ${mark(d.lost === 0 && d.invalidSignatures === 0)} |`);
    if (d.transactionsPerWebhook !== undefined) {
      lines.push(`| delivery: database transactions per call stored and its webhook delivered; worker CPU per webhook | ${d.transactionsPerWebhook}; ${d.workerCpuMsPerWebhook} ms | — | |`);
    }
    const m = d.withMessages;
    if (m?.cpuPerCall) {
      lines.push(`| with SMS + email + webhook per call at 50/s: worker / PostgreSQL CPU per call | ${m.cpuPerCall.workerMs} / ${m.cpuPerCall.postgresMs} ms | — | |`);
    }
    if (m) {
      for (const c of ["sms", "email", "webhook"]) {
        const v = m[c];
        // The webhook of a call that also sends an SMS and an email starts once they have an outcome.
        const budget = c === "webhook" ? `p95 ≤ 300 ms | ${mark(v.latencyMs.p95 <= 300 && v.lost === 0)}` : "— |";
        lines.push(`| with SMS + email + webhook per call, ${c} (p50 / p95, lost of ${v.calls}) | ${v.latencyMs.p50} / ${v.latencyMs.p95} ms, ${v.lost} lost | ${budget} |`);
      }
    }
  }
  const l = r.live;
  if (l) {
    lines.push(`| live dashboard: a delivery status change reaching ${l.connections} open streams of one account (p50 / p95, ${l.rounds} changes, ${l.missed} missed) | ${l.latencyMs.p50} / ${l.latencyMs.p95} ms | p95 ≤ 500 ms | ${mark(l.latencyMs.p95 <= 500 && l.missed === 0)} |`);
    lines.push(`| live dashboard: CPU per change fanned out to ${l.connections} streams, web process / PostgreSQL | ${l.webCpuMsPerChange} / ${l.postgresCpuMsPerChange} ms | — | |`);
  }
  const q = r.queries;
  if (q) {
    for (const k of ["callsList", "callsListPage2", "callDetail", "overview", "creditsChart"]) {
      const v = q[k] as Lat;
      lines.push(`| query ${k} at ${q.calls.toLocaleString("en")} calls (p95) | ${v.p95} ms | ≤ 20 ms | ${mark(v.p95 <= 20)} |`);
    }
  }
  const h = r.endpointHealth;
  if (h) {
    lines.push(`| endpoint health at ${h.attempts.toLocaleString("en")} delivery attempts (p95; without its index) | ${h.withIndex.p95} ms; ${h.withoutIndex.p95} ms | ≤ 20 ms | ${mark(h.withIndex.p95 <= 20)} |`);
  }
  const p = r.pages;
  if (p) {
    const worst = Object.entries(p.firstLoadJsKbGzip as Record<string, number>).sort((a, b) => b[1] - a[1])[0];
    if (worst) lines.push(`| first-load JS, heaviest dashboard page (${worst[0]}) | ${worst[1]} kB gzip | ≤ 180 kB | ${mark(worst[1] <= 180)} |`);
    lines.push(`| /calls server response at 1M calls (p50 / p95) | ${p.callsPageResponseMs.p50} / ${p.callsPageResponseMs.p95} ms | — | |`);
  }
  const lh = r.lighthouse?.pages ? (r.lighthouse as LighthouseResults) : undefined;
  if (r.lighthouse?.skipped) lines.push(`| Lighthouse | skipped: ${r.lighthouse.skipped} | | ❌ |`);
  if (lh) {
    for (const [page, runs] of Object.entries(lh.pages)) {
      const s = runs.mobile.scores;
      const ok = Object.entries(lh.budget).every(([k, min]) => (s[k as keyof typeof s] ?? 0) >= min);
      lines.push(`| Lighthouse ${page}, mobile (performance / accessibility / best practices) | ${s.performance} / ${s.accessibility} / ${s["best-practices"]} | ≥ ${lh.budget.performance} / ${lh.budget.accessibility} / ≥ ${lh.budget["best-practices"]} | ${mark(ok)} |`);
    }
  }
  if (r.memoryMiB) lines.push(`| peak resident memory under load | ${Object.entries(r.memoryMiB).map(([k, v]) => `${k} ${v} MiB`).join(", ")} | — | |`);
  lines.push("");
  if (e) {
    lines.push(
      "## CPU per event at 200/s: before and after the lean inbound path, same run",
      "",
      `Open loop at 200 events/s, each arm ${e.seconds / 2} s twice, alternated (native, Vapi, Next.js's route, then again). CPU is the web process's (its whole process tree) and this PostgreSQL server's (its processes only), divided by the events sent. "Before" is the route as Next.js serves it (plain \`next start\` on the same build, as the inbound routes were served until the lean path); "after" is \`npm start\`'s server, where the lean path answers them.`,
      "",
      "| arm | body | web CPU ms/event | PostgreSQL CPU ms/event | p50 / p95 / p99 | errors |",
      "|---|---|---|---|---|---|",
    );
    const arms: [string, string][] = [
      ["nextRoute", "before: call-events through Next.js's route (plain `next start`)"],
      ["native", "after: call-events through the lean path (`npm start`)"],
      ["vapi", "after: a Vapi connection's URL through the lean path"],
    ];
    for (const [k, label] of arms) {
      const a = e[k];
      lines.push(`| ${label} | ${(a.bodyBytes / 1024).toFixed(1)} kB | ${a.webCpuMsPerEvent} | ${a.postgresCpuMsPerEvent} | ${lat(a.latencyMs)} | ${(a.errorRate * 100).toFixed(2)} % |`);
    }
    lines.push("");
  }
  if (i) {
    lines.push("## Ingest steps (open loop, latency from the scheduled send time)", "", "| target/s | achieved/s | errors | p50 ms | p99 ms |", "|---|---|---|---|---|");
    for (const s of i.steps) lines.push(`| ${s.rate} | ${s.achieved} | ${(s.errorRate * 100).toFixed(2)} % | ${s.p50} | ${s.p99} |`);
    lines.push("", "Ceiling (the same requests, refused with 401 after the signature check):", "", "| target/s | achieved/s | errors | p50 ms | p99 ms |", "|---|---|---|---|---|");
    for (const s of i.ceilingSteps ?? []) lines.push(`| ${s.rate} | ${s.achieved} | ${(s.errorRate * 100).toFixed(2)} % | ${s.p50} | ${s.p99} |`);
    if (i.twoProcessSteps) {
      lines.push("", "Two web processes (one per core), requests taking turns between them:", "", "| target/s | achieved/s | errors | p50 ms | p99 ms |", "|---|---|---|---|---|");
      for (const s of i.twoProcessSteps) lines.push(`| ${s.rate} | ${s.achieved} | ${(s.errorRate * 100).toFixed(2)} % | ${s.p50} | ${s.p99} |`);
    }
    lines.push("");
  }
  if (p) {
    lines.push("## First-load JavaScript per page (gzip)", "", "| page | kB |", "|---|---|");
    for (const [k, v] of Object.entries(p.firstLoadJsKbGzip)) lines.push(`| ${k} | ${v} |`);
    lines.push("");
  }
  if (lh) lines.push(...renderLighthouse(lh), "");
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
  lines.push(
    "## How it is measured",
    "",
    "- Everything runs on this one machine: PostgreSQL, the production web server (`npm start`'s: the lean",
    "  inbound path in front of Next.js, scripts/server.ts; `WORKER=off`),",
    "  a separate worker (`npm run worker`), the load generator (its own process, open loop: requests go out",
    "  on schedule whether or not earlier ones answered; latency counts from the scheduled time) and the",
    "  receiver and fake Twilio / Resend. They share the cores, so every figure includes that contention.",
    "- Ingest events each come from a distinct caller, for an account without actions: the rows stored are",
    "  the call and its contact, the same rows the bare postgres.js baseline inserts. \"Sustained\" means",
    "  under 1 % errors, at least 95 % of the offered rate answered and p99 under a second.",
    "- One web process is one thread, and at its top rate it uses a whole core. The 2-process rows run a",
    "  second server beside it (the stateless web tier's scale-out, one per core), the load generator taking turns",
    "  between them as a round-robin balancer would: on 2 cores shared with PostgreSQL and the generator,",
    "  that shows whether the thread or the machine is the limit.",
    "- The ceiling row sends the same signed requests with a wrong secret: the route reads the body and",
    "  checks the signature, then answers 401 — the most one web process can take before any storing.",
    "- Delivery: from each 202 to the webhook arriving, verified with `standardwebhooks`, or to the message",
    "  reaching the fake provider (matched by the provider id the worker stored). The worker has (fake)",
    "  Twilio, so every email and webhook about a new caller (every call here) first waits for a Twilio",
    "  Lookup of the caller's phone type.",
    "- Queries: the app's own query functions, 200 runs each over 1,000 accounts, timed from the client.",
    "- CPU per event: /proc's user + system time of the web process tree and of this PostgreSQL server's",
    "  processes, before and after each load. The worker polls the database throughout, so PostgreSQL's",
    "  figure includes a little of that, more for an arm whose load took longer to answer.",
    "- Live dashboard: 200 server-sent event streams of one account held open on the web process, then a",
    "  delivery's status changed 30 times; each stream's time from the UPDATE being sent to its event arriving",
    "  (`scripts/bench/sse-fanout.ts`, which also runs on its own).",
    "",
    "Raw figures: `bench/results.json`. Method: `scripts/bench.ts` and `scripts/bench/*`. To look inside one",
    "phase: `npm run bench -- --no-build --only delivery` (or `ingest`, `live`, `queries`, `pages`), and",
    "`npx tsx scripts/bench/profile-ingest.ts --rate 300 [--actions 3] [--prof DIR]` for the web process's and PostgreSQL's CPU per event;",
    "`BENCH_PROFILE=DIR npm run bench -- …` writes V8 CPU profiles of the web process and the worker.",
    "",
    "What each change bought, measured A/B on the same machine within the same hour: `bench/HISTORY.md`.",
    "",
  );
  return lines.join("\n");
}

const lat = (l: Lat) => `${l.p50} / ${l.p95} / ${l.p99} ms`;

const fmt = (v: string | number) => (typeof v === "number" ? v.toLocaleString("en") : v.replaceAll("|", "\\|"));

/** The Lighthouse section: both presets per page, then every audit that keeps a category under budget. */
export function renderLighthouse(lh: LighthouseResults): string[] {
  const lines = [
    `## Lighthouse ${lh.lighthouseVersion}`,
    "",
    `Budgets (checked on the default, mobile config: simulated slow 4G and 4× CPU slowdown): performance ≥ ${lh.budget.performance}, accessibility ${lh.budget.accessibility}, best practices ≥ ${lh.budget["best-practices"]}. The desktop preset is shown for comparison. Performance varies with the machine's load (Lighthouse's benchmark index, higher is faster, is shown per run). Signed in but for ${lh.signedOut.join(", ") || "none"}. ${lh.seconds} s for ${Object.keys(lh.pages).length * 2} runs.`,
    "",
    "| page | preset | performance | accessibility | best practices | FCP / LCP ms | TBT ms | CLS | benchmark index | |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  const cell = (v: number | null, min: number) => (v === null ? "—" : `${v} ${mark(v >= min)}`);
  for (const [page, runs] of Object.entries(lh.pages)) {
    for (const preset of ["mobile", "desktop"] as const) {
      const { scores: s, metrics: m, performanceRuns: all } = runs[preset];
      const spread = all && all.length > 1 ? ` (runs ${all.join(", ")})` : "";
      lines.push(
        `| ${page} | ${preset}${preset === lh.budgetPreset ? " (budget)" : ""} | ${cell(s.performance, lh.budget.performance)}${spread} | ${cell(s.accessibility, lh.budget.accessibility)} | ${cell(s["best-practices"], lh.budget["best-practices"])} | ${m["first-contentful-paint"]} / ${m["largest-contentful-paint"]} | ${m["total-blocking-time"]} | ${m["cumulative-layout-shift"]} | ${runs[preset].benchmarkIndex} | ${runs[preset].seconds} s |`,
      );
    }
  }
  lines.push(
    "",
    "### Scripts per page (mobile run): transfer, unused at load, main-thread time",
    "",
    "| page | scripts | transfer kB | unused kB | CPU ms | heaviest |",
    "|---|---|---|---|---|---|",
  );
  for (const [page, runs] of Object.entries(lh.pages)) {
    const sc = runs.mobile.scripts;
    const sum = (k: "transferKb" | "unusedKb" | "cpuMs") => Math.round(sc.reduce((a, x) => a + x[k], 0) * 10) / 10;
    const heaviest = sc.slice(0, 4).map((x) => `${x.url.replace("/_next/static/chunks/", "")} ${x.transferKb} kB (${x.unusedKb} unused, ${x.cpuMs} ms)`).join("; ");
    lines.push(`| ${page} | ${sc.length} | ${sum("transferKb")} | ${sum("unusedKb")} | ${sum("cpuMs")} | ${heaviest} |`);
  }
  const failing = Object.entries(lh.pages).flatMap(([page, runs]) =>
    (["mobile", "desktop"] as const).flatMap((preset) => runs[preset].failing.map((a) => ({ page, preset, ...a }))),
  );
  const external = Object.entries(lh.pages).flatMap(([page, runs]) => [...runs.mobile.externalRequests, ...runs.desktop.externalRequests].map((u) => `${page}: ${u}`));
  if (external.length) lines.push("", `Requests off this machine (there should be none): ${[...new Set(external)].join(", ")}`);
  lines.push("", "### Failing audits of categories under budget", "");
  if (!failing.length) lines.push("None.");
  for (const a of failing) {
    lines.push(`- ${a.page} (${a.preset}), ${a.category}: \`${a.id}\` ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ""}`);
    for (const item of a.items ?? []) {
      const { what, ...numbers } = item;
      lines.push(`  - ${what !== undefined ? `${fmt(what)} ` : ""}${Object.entries(numbers).map(([k, v]) => `${k} ${fmt(v)}`).join(", ")}`);
    }
  }
  return lines;
}
