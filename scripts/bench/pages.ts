import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { CHROMIUM_FLAGS, CHROMIUM_PATH, cookiesFor } from "./sign-in";
import { summarize } from "./stats";

const DASHBOARD_PAGES = [
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

/**
 * First-load JavaScript per dashboard page, measured in Chromium: every script the page loads,
 * gzipped (what a browser downloads), and the server response time of /calls for an account with
 * 1,000 of the 1M calls. `cookie` is a signed-in session (signInCookie in ./sign-in).
 */
export async function measurePages(base: string, cookie: string, log: (m: string) => void) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  try {
    const context = await browser.newContext({ baseURL: base });
    await context.addCookies(cookiesFor(base, cookie));

    const firstLoadKb: Record<string, number> = {};
    for (const path of DASHBOARD_PAGES) {
      const fresh = await context.newPage();
      const scripts: Promise<number>[] = [];
      fresh.on("response", (res) => {
        if (res.request().resourceType() === "script") scripts.push(res.body().then((b) => gzipSync(b).length, () => 0));
      });
      await fresh.goto(path, { waitUntil: "networkidle" });
      firstLoadKb[path] = Math.round((await Promise.all(scripts)).reduce((a, b) => a + b, 0) / 102.4) / 10;
      await fresh.close();
    }
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
    return { firstLoadJsKbGzip: firstLoadKb, budgetKb: 180, callsPageResponseMs: callsPage };
  } finally {
    await browser.close();
  }
}
