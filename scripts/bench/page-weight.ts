/**
 * First-load JavaScript per dashboard page against a running server, the same measurement as
 * `npm run bench` (scripts/bench/pages.ts), without the rest of the bench:
 *   npx tsx scripts/bench/page-weight.ts --base http://localhost:3400 --db <DATABASE_URL> [--email owner@example.com] [--scripts] [/path ...]
 * --scripts also lists each page's scripts, largest first. Exits 1 when a page is over budget.
 * The base must be the server's APP_URL host (the magic link's cookie is set there).
 */
import { parseArgs } from "node:util";
import { DASHBOARD_PAGES, FIRST_LOAD_BUDGET_KB, measureFirstLoad, withSessionContext } from "./pages";
import { signInCookie } from "./sign-in";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    base: { type: "string", default: "http://localhost:3100" },
    db: { type: "string" },
    email: { type: "string", default: "owner@example.com" },
    scripts: { type: "boolean", default: false },
  },
});
if (!values.db) {
  console.error("--db <DATABASE_URL> is required (the e2e server writes it to .data/e2e.json)");
  process.exit(2);
}

const paths = positionals.length > 0 ? positionals : DASHBOARD_PAGES;
const cookie = await signInCookie(values.base!, values.db, values.email!);
const { firstLoadKb, scripts } = await withSessionContext(values.base!, cookie, (context) => measureFirstLoad(context, paths));

let over = 0;
for (const path of paths) {
  const size = firstLoadKb[path]!;
  if (size > FIRST_LOAD_BUDGET_KB) over++;
  console.log(`${size.toFixed(1).padStart(7)} kB  ${size > FIRST_LOAD_BUDGET_KB ? "OVER" : "ok  "}  ${path}`);
  if (values.scripts) {
    for (const s of [...scripts[path]!].sort((a, b) => b.gzipBytes - a.gzipBytes)) {
      console.log(`           ${(s.gzipBytes / 1024).toFixed(1).padStart(6)} kB  ${new URL(s.url).pathname}`);
    }
  }
}
console.log(`budget ${FIRST_LOAD_BUDGET_KB} kB gzip: ${over === 0 ? "all pages within" : `${over} page(s) over`}`);
process.exit(over === 0 ? 0 : 1);
