/**
 * Screenshots for reviewing pages by eye: signs in through the real magic-link flow and saves each
 * path at 1280 px and 390 px, plus an axe report. Not a test; run against a running server:
 *   npx tsx e2e/shoot.ts --base http://localhost:3100 --db <DATABASE_URL> --out /tmp/shots /login / /calls
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "@playwright/test";
import postgres from "postgres";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./chromium";
import { latestMagicLink } from "./fixtures";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    base: { type: "string", default: "http://localhost:3100" },
    db: { type: "string" },
    out: { type: "string", default: "/tmp/shots" },
    email: { type: "string", default: "owner@example.com" },
    dark: { type: "boolean", default: false },
  },
});
mkdirSync(values.out!, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_FLAGS,
});
const context = await browser.newContext({ baseURL: values.base, colorScheme: values.dark ? "dark" : "light" });
const page = await context.newPage();
if (values.db) {
  const sql = postgres(values.db, { max: 1 });
  await page.goto("/login");
  await page.getByLabel("Work email").fill(values.email!);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  // "Your sign-in link" under npm run dev: the development mailbox (lib/dev-mailbox.ts).
  await page.getByRole("heading", { name: /Check your email|Your sign-in link/ }).waitFor();
  await page.goto(await latestMagicLink(sql, values.email!));
  await sql.end();
}
for (const p of positionals) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto(p);
    await page.waitForLoadState("networkidle");
    const name = `${p.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "root"}-${width}${values.dark ? "-dark" : ""}.png`;
    await page.screenshot({ path: path.join(values.out!, name), fullPage: true });
    // Tall phone pages are also cut into screen-sized parts, which are readable when viewed.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (width === 390 && height > 1800) {
      for (let i = 0; i * 1200 < height && i < 10; i++) {
        await page.screenshot({ path: path.join(values.out!, name.replace(".png", `-part${i + 1}.png`)), fullPage: true, clip: { x: 0, y: i * 1200, width: 390, height: Math.min(1200, height - i * 1200) } });
      }
    }
    if (width === 1280) {
      const axe = await new AxeBuilder({ page }).analyze();
      console.log(`${p}: ${axe.violations.length} axe violations${axe.violations.map((v) => `\n  - ${v.id}: ${v.help} (${v.nodes.length})`).join("")}`);
    }
  }
}
await browser.close();
