import { gzipSync } from "node:zlib";
import { chromium, type BrowserContext } from "@playwright/test";
import postgres from "postgres";
import { latestMagicLink } from "@/e2e/fixtures";
import { summarize } from "./stats";

export const DASHBOARD_PAGES = [
  "/",
  "/calls",
  "/contacts",
  "/settings/post-call-actions",
  "/developers/webhooks",
  "/developers/webhooks/deliveries",
  "/developers/api-keys",
  "/credits",
  "/settings/team",
  "/settings",
];

export const FIRST_LOAD_BUDGET_KB = 180;

/** One script a page loaded: its URL and its gzipped size in bytes. */
export type LoadedScript = { url: string; gzipBytes: number };

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/**
 * Runs `fn` with a Chromium context signed in as `email` through the real magic-link flow (the link
 * is read from the outbox table in `databaseUrl`).
 */
export async function withSignedInContext<T>(base: string, databaseUrl: string, email: string, fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Work email").fill(email);
    await page.getByRole("button", { name: /sign-in link/i }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await page.goto(await latestMagicLink(sql, email));
    await page.close();
    return await fn(context);
  } finally {
    await sql.end();
    await browser.close();
  }
}

/**
 * First-load JavaScript per page: every script a fresh navigation loads until the network is idle,
 * gzipped (what a browser downloads). Returns kB per page and the scripts behind each figure.
 */
export async function measureFirstLoad(context: BrowserContext, paths: readonly string[] = DASHBOARD_PAGES) {
  const firstLoadKb: Record<string, number> = {};
  const scripts: Record<string, LoadedScript[]> = {};
  for (const path of paths) {
    const fresh = await context.newPage();
    const loaded: Promise<LoadedScript>[] = [];
    fresh.on("response", (res) => {
      if (res.request().resourceType() !== "script") return;
      loaded.push(res.body().then((b) => ({ url: res.url(), gzipBytes: gzipSync(b).length }), () => ({ url: res.url(), gzipBytes: 0 })));
    });
    await fresh.goto(path, { waitUntil: "networkidle" });
    scripts[path] = await Promise.all(loaded);
    firstLoadKb[path] = kb(scripts[path].reduce((a, s) => a + s.gzipBytes, 0));
    await fresh.close();
  }
  return { firstLoadKb, scripts };
}

/**
 * First-load JavaScript per dashboard page, measured in Chromium, and the server response time of
 * /calls for an account with 1,000 of the 1M calls.
 */
export async function measurePages(base: string, databaseUrl: string, email: string, log: (m: string) => void) {
  return withSignedInContext(base, databaseUrl, email, async (context) => {
    const { firstLoadKb } = await measureFirstLoad(context);
    log(`first-load JS (kB gzip): ${JSON.stringify(firstLoadKb)}`);

    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      const res = await fetch(`${base}/calls`, { headers: { cookie } });
      await res.text();
      if (i >= 5) times.push(performance.now() - t);
    }
    const callsPage = summarize(times);
    log(`/calls server response at 1M calls: p50 ${callsPage.p50} ms, p95 ${callsPage.p95} ms`);
    return { firstLoadJsKbGzip: firstLoadKb, budgetKb: FIRST_LOAD_BUDGET_KB, callsPageResponseMs: callsPage };
  });
}
