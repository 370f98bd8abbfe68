import { gzipSync } from "node:zlib";
import { chromium, type BrowserContext } from "@playwright/test";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "@/e2e/chromium";
import { cookiesFor } from "./sign-in";
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

/** Runs `fn` with a Chromium context that carries a signed-in session (`cookie`, from signInCookie). */
export async function withSessionContext<T>(base: string, cookie: string, fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    const context = await browser.newContext({ baseURL: base });
    await context.addCookies(cookiesFor(base, cookie));
    return await fn(context);
  } finally {
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
export async function measurePages(base: string, cookie: string, log: (m: string) => void) {
  const { firstLoadKb } = await withSessionContext(base, cookie, (context) => measureFirstLoad(context));
  log(`first-load JS (kB gzip): ${JSON.stringify(firstLoadKb)}`);

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
}
