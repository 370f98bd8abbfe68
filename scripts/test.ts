/**
 * `npm test`: typecheck, lint, Vitest (unit + database), a production build, then Playwright.
 * Stops at the first failing stage and ends with one summary line: "tests: N passed, N failed".
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

type Stage = { name: string; cmd: string[]; env?: Record<string, string> };

const VITEST_JSON = ".data/vitest-results.json";
const PLAYWRIGHT_JSON = ".data/playwright-results.json";

const stages: Stage[] = [
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
  { name: "lint", cmd: ["npx", "eslint", "."] },
  {
    name: "vitest",
    cmd: ["npx", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${VITEST_JSON}`],
  },
  { name: "build", cmd: ["npx", "next", "build"] },
  { name: "playwright", cmd: ["npx", "playwright", "test"] },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const report: string[] = [];

for (const f of [VITEST_JSON, PLAYWRIGHT_JSON]) rmSync(f, { force: true });

for (const stage of stages) {
  if (only.length > 0 && !only.includes(stage.name)) continue;
  const started = Date.now();
  console.log(`\n━━ ${stage.name} ━━ ${stage.cmd.join(" ")}`);
  const result = spawnSync(stage.cmd[0]!, stage.cmd.slice(1), { stdio: "inherit", env: { ...process.env, ...stage.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let ok = result.status === 0;
  if (stage.name === "vitest" && existsSync(VITEST_JSON)) {
    const r = JSON.parse(readFileSync(VITEST_JSON, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests;
    if (r.numFailedTests > 0) ok = false; // never build on top of failing tests, whatever the exit code
  } else if (stage.name === "playwright" && existsSync(PLAYWRIGHT_JSON)) {
    const r = JSON.parse(readFileSync(PLAYWRIGHT_JSON, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
    if (r.stats.unexpected > 0) ok = false;
  } else if (!ok) {
    failed += 1; // a typecheck, lint or build failure counts as one failed check
  }
  report.push(`${ok ? "✓" : "✗"} ${stage.name} (${seconds}s)`);
  if (!ok) {
    report.push(`  stopped: ${stage.name} failed`);
    if (failed === 0) failed = 1;
    break;
  }
}

console.log(`\n━━ summary ━━\n${report.join("\n")}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
