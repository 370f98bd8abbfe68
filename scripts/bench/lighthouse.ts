/**
 * Lighthouse scores (performance, accessibility, best practices) of signed-in pages, in the system
 * Chromium. Each page is audited twice: with Lighthouse's default config (a mobile phone, simulated
 * slow 4G and 4× CPU slowdown), which is the one checked against the budgets, and with its desktop
 * preset, reported alongside. Chromium resolves no host but this machine's, so a run never waits
 * on the internet.
 *
 * Standalone, against a running server (e.g. `E2E_PORT=3500 npx tsx e2e/server.ts`):
 *   npx tsx scripts/bench/lighthouse.ts --base http://127.0.0.1:3500 --db <DATABASE_URL> --email owner@example.com
 *     [--runs 3] [--chrome-port 3509] [--save bench/out/lighthouse] [--cookie <Cookie header>] [--json] [/login /calls …]
 * --runs N audits each page N times per preset and keeps the run of median performance. --cookie
 * reuses a session instead of signing in (the product sends 5 sign-in emails per address per 10
 * minutes).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig, type Config, type Flags, type Result } from "lighthouse";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "@/e2e/chromium";
import { signInCookie } from "./sign-in";

export const LIGHTHOUSE_PAGES = ["/login", "/calls", "/settings/post-call-actions"];
/** Audited signed out, as a visitor meets them: a signed-in visitor is redirected away. */
export const SIGNED_OUT_PAGES = ["/login"];
export const LIGHTHOUSE_BUDGET = { performance: 95, accessibility: 100, "best-practices": 95 } as const;
type Category = keyof typeof LIGHTHOUSE_BUDGET;
const CATEGORIES = Object.keys(LIGHTHOUSE_BUDGET) as Category[];
/** Lighthouse's own threshold: an audit scoring below 0.9 is shown as failed. */
const PASS = 0.9;

export type FailingAudit = {
  id: string;
  title: string;
  category: Category;
  score: number | null;
  displayValue?: string;
  /** The audit's worst items (scripts, elements, requests), as Lighthouse lists them. */
  items?: Record<string, string | number>[];
};
export type PageRun = {
  scores: Record<Category, number | null>;
  metrics: Record<string, number | null>;
  failing: FailingAudit[];
  /** Every script the page loaded, heaviest first: transfer size, bytes unused at load, main-thread time. */
  scripts: { url: string; transferKb: number; unusedKb: number; cpuMs: number }[];
  /** Requests to any host but the server's: there should be none. */
  externalRequests: string[];
  warnings: string[];
  /** Lighthouse's measure of this machine's speed at the time; it drops when other work shares the CPU. */
  benchmarkIndex: number;
  seconds: number;
  /** Performance of every run when there were several (the median one is reported). */
  performanceRuns?: (number | null)[];
};
export type LighthouseResults = {
  budget: typeof LIGHTHOUSE_BUDGET;
  budgetPreset: "mobile";
  signedOut: string[];
  lighthouseVersion: string;
  pages: Record<string, { mobile: PageRun; desktop: PageRun }>;
  seconds: number;
};

const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];

/** A Lighthouse table row reduced to what a report line needs: what it is and its numbers. */
function summarizeItem(item: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const node = item.node as { snippet?: string; selector?: string } | undefined;
  const source = item.source as { url?: string } | undefined;
  const what = item.url ?? node?.selector ?? node?.snippet ?? source?.url ?? item.reason ?? item.label ?? item.description ?? item.groupLabel;
  if (typeof what === "string") out.what = what.length > 160 ? `${what.slice(0, 157)}…` : what;
  for (const [k, v] of Object.entries(item)) {
    if (typeof v === "number" && Number.isFinite(v)) out[k] = Math.round(v);
  }
  return out;
}

type Row = Record<string, unknown>;
const rows = (lhr: Result, id: string) => ((lhr.audits[id]?.details as { items?: Row[] } | undefined)?.items ?? []) as Row[];
const kb = (bytes: unknown) => Math.round((Number(bytes) || 0) / 102.4) / 10;

/** What Lighthouse holds against each script: its size, how much of it went unused, its CPU time. */
function scriptBlame(lhr: Result, origin: string): PageRun["scripts"] {
  const unused = new Map(rows(lhr, "unused-javascript").map((r) => [r.url, r.wastedBytes]));
  const cpu = new Map(rows(lhr, "bootup-time").map((r) => [r.url, r.total]));
  return rows(lhr, "network-requests")
    .filter((r) => r.resourceType === "Script")
    .map((r) => ({
      url: String(r.url).replace(origin, ""),
      transferKb: kb(r.transferSize),
      unusedKb: kb(unused.get(r.url)),
      cpuMs: Math.round(Number(cpu.get(r.url)) || 0),
    }))
    .sort((a, b) => b.transferKb - a.transferKb);
}

function summarizeRun(lhr: Result, origin: string, seconds: number): PageRun {
  const scores = {} as Record<Category, number | null>;
  const failing: FailingAudit[] = [];
  for (const category of CATEGORIES) {
    const c = lhr.categories[category];
    scores[category] = c?.score == null ? null : Math.round(c.score * 100);
    if (!c || (scores[category] ?? 0) >= LIGHTHOUSE_BUDGET[category]) continue;
    for (const ref of c.auditRefs) {
      const a = lhr.audits[ref.id];
      if (!a) continue;
      const failed = a.scoreDisplayMode === "error" || (a.score !== null && a.score < PASS && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual");
      if (!failed) continue;
      // Tables and opportunities list what the audit blames; other kinds (lists, trees) are prose.
      const details = a.details as { type?: string; items?: Record<string, unknown>[] } | undefined;
      const items = details?.type === "table" || details?.type === "opportunity" ? (details.items ?? []) : [];
      failing.push({
        id: a.id,
        title: a.title,
        category,
        score: a.score,
        ...(a.displayValue ? { displayValue: a.displayValue } : {}),
        ...(a.errorMessage ? { displayValue: a.errorMessage } : {}),
        ...(items.length ? { items: items.slice(0, 8).map(summarizeItem) } : {}),
      });
    }
  }
  const metrics: Record<string, number | null> = {};
  for (const id of METRICS) {
    const v = lhr.audits[id]?.numericValue;
    metrics[id] = v === undefined ? null : id === "cumulative-layout-shift" ? Math.round(v * 1000) / 1000 : Math.round(v);
  }
  const requests = (lhr.audits["network-requests"]?.details as { items?: { url?: string }[] } | undefined)?.items ?? [];
  const externalRequests = requests
    .map((r) => r.url ?? "")
    .filter((u) => /^https?:/.test(u) && new URL(u).origin !== origin);
  return { scores, metrics, failing, scripts: scriptBlame(lhr, origin), externalRequests, warnings: lhr.runWarnings.map(String), benchmarkIndex: Math.round(lhr.environment.benchmarkIndex), seconds };
}

/**
 * Runs Lighthouse on each of `paths` under `base`, signed in with `cookieHeader` (but for
 * SIGNED_OUT_PAGES), once with the default (mobile) config and once with the desktop preset. Full
 * reports go to `saveDir` if given.
 */
export async function measureLighthouse(
  base: string,
  cookieHeader: string,
  paths: string[],
  log: (m: string) => void,
  options: { chromePort?: number; saveDir?: string; runs?: number } = {},
): Promise<LighthouseResults> {
  const began = performance.now();
  const origin = new URL(base).origin;
  // Warm the server's code paths, so the first audit does not measure a cold JIT.
  const headersFor = (p: string): Record<string, string> => (SIGNED_OUT_PAGES.includes(p) ? {} : { Cookie: cookieHeader });
  for (const p of paths) await fetch(new URL(p, base), { headers: headersFor(p) }).then((r) => r.text());
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: [
      "--headless",
      ...CHROMIUM_FLAGS,
      // Every host but this machine's fails at once: no audit waits on a DNS lookup that cannot succeed.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ],
    port: options.chromePort,
    logLevel: "silent",
  });
  if (options.saveDir) mkdirSync(options.saveDir, { recursive: true });
  const results: LighthouseResults["pages"] = {};
  let version = "";
  try {
    for (const p of paths) {
      const runs = {} as { mobile: PageRun; desktop: PageRun };
      for (const [preset, config] of [["mobile", undefined], ["desktop", desktopConfig]] as [keyof typeof runs, Config | undefined][]) {
        // Scores move with the machine's load: with several runs, the one of median performance counts.
        const tries: { lhr: Result; run: PageRun }[] = [];
        for (let i = 0; i < (options.runs ?? 1); i++) {
          const t = performance.now();
          const flags: Flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES], extraHeaders: headersFor(p) };
          const result = await lighthouse(new URL(p, base).href, flags, config);
          if (!result) throw new Error(`Lighthouse returned nothing for ${p} (${preset})`);
          const { lhr } = result;
          version = lhr.lighthouseVersion;
          if (lhr.runtimeError) throw new Error(`Lighthouse ${p} (${preset}): ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
          if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(p, base).pathname) {
            throw new Error(`Lighthouse ${p} (${preset}) ended on ${lhr.finalDisplayedUrl}: is the session cookie valid?`);
          }
          tries.push({ lhr, run: summarizeRun(lhr, origin, Math.round((performance.now() - t) / 100) / 10) });
        }
        const byPerformance = [...tries].sort((a, b) => (a.run.scores.performance ?? 0) - (b.run.scores.performance ?? 0));
        const median = byPerformance[Math.floor((byPerformance.length - 1) / 2)]!;
        runs[preset] = { ...median.run, performanceRuns: tries.map((t) => t.run.scores.performance) };
        if (options.saveDir) {
          const name = `${p.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "root"}-${preset}.json`;
          writeFileSync(path.join(options.saveDir, name), JSON.stringify(median.lhr));
        }
        const s = runs[preset].scores;
        const all = tries.length > 1 ? ` (runs: ${runs[preset].performanceRuns!.join(", ")})` : "";
        log(`lighthouse ${p} (${preset}): performance ${s.performance}${all}, accessibility ${s.accessibility}, best practices ${s["best-practices"]} in ${runs[preset].seconds}s`);
      }
      results[p] = runs;
    }
  } finally {
    chrome.kill();
  }
  return { budget: LIGHTHOUSE_BUDGET, budgetPreset: "mobile", signedOut: paths.filter((p) => SIGNED_OUT_PAGES.includes(p)), lighthouseVersion: version, pages: results, seconds: Math.round((performance.now() - began) / 1000) };
}

/** Stops any Chromium this process launched for Lighthouse (for a run cut short). */
export function killLighthouseChromium() {
  chromeLauncher.killAll();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      base: { type: "string", default: "http://127.0.0.1:3500" },
      db: { type: "string" },
      email: { type: "string", default: "owner@example.com" },
      "chrome-port": { type: "string" },
      save: { type: "string" },
      cookie: { type: "string" },
      runs: { type: "string", default: "1" },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.db && !values.cookie) throw new Error("--db <DATABASE_URL> is required: signing in reads the magic link from the outbox");
  const log = (m: string) => console.error(`[lighthouse] ${m}`);
  const cookie = values.cookie ?? (await signInCookie(values.base!, values.db!, values.email!));
  const results = await measureLighthouse(values.base!, cookie, positionals.length ? positionals : LIGHTHOUSE_PAGES, log, {
    chromePort: values["chrome-port"] ? Number(values["chrome-port"]) : undefined,
    saveDir: values.save,
    runs: Number(values.runs),
  });
  if (values.json) console.log(JSON.stringify(results, null, 2));
  else {
    const { renderLighthouse } = await import("./report");
    console.log(renderLighthouse(results).join("\n"));
  }
  process.exit(0);
}
