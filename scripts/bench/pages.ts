import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import postgres from "postgres";
import { latestMagicLink } from "@/e2e/fixtures";
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
 * 1,000 of the 1M calls.
 */
export async function measurePages(base: string, databaseUrl: string, email: string, log: (m: string) => void) {
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
    return { firstLoadJsKbGzip: firstLoadKb, budgetKb: 180, callsPageResponseMs: callsPage };
  } finally {
    await sql.end();
    await browser.close();
  }
}
