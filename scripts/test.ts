/**
 * `npm test`: typecheck, lint, Vitest (unit + database), a production build, then Playwright.
 * Stops at the first failing stage and ends with one summary line: "tests: N passed, N failed".
 * `npm run test:chaos` is the opt-in `chaos` stage: the fault-injection suite, judged the same way.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

/** `optIn`: runs only when named on the command line. `json`: the Vitest report whose counts decide. */
type Stage = { name: string; cmd: string[]; env?: Record<string, string>; optIn?: boolean; json?: string };

const VITEST_JSON = ".data/vitest-results.json";
const CHAOS_JSON = ".data/chaos-results.json";
const PLAYWRIGHT_JSON = ".data/playwright-results.json";

const stages: Stage[] = [
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
  { name: "lint", cmd: ["npx", "eslint", "."] },
  {
    name: "vitest",
    cmd: ["npx", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile=${VITEST_JSON}`],
    json: VITEST_JSON,
  },
  { name: "build", cmd: ["npx", "next", "build"] },
  { name: "playwright", cmd: ["npx", "playwright", "test"] },
  {
    name: "chaos",
    cmd: ["npx", "vitest", "run", "--config", "vitest.chaos.config.ts", "--reporter=default", "--reporter=json", `--outputFile=${CHAOS_JSON}`],
    optIn: true,
    json: CHAOS_JSON,
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
const report: string[] = [];

for (const f of [VITEST_JSON, CHAOS_JSON, PLAYWRIGHT_JSON]) rmSync(f, { force: true });

for (const stage of stages) {
  if (only.length > 0 ? !only.includes(stage.name) : stage.optIn) continue;
  const started = Date.now();
  console.log(`\n━━ ${stage.name} ━━ ${stage.cmd.join(" ")}`);
  const result = spawnSync(stage.cmd[0]!, stage.cmd.slice(1), { stdio: "inherit", env: { ...process.env, ...stage.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let ok = result.status === 0;
  if (stage.json && existsSync(stage.json)) {
    const r = JSON.parse(readFileSync(stage.json, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numFailedTestSuites: number;
    };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests;
    // Never build on top of failing tests, whatever the exit code (a chaos run once exited 0 with one).
    if (r.numFailedTests > 0 || r.numFailedTestSuites > 0) ok = false;
    if (r.numFailedTests === 0 && r.numFailedTestSuites > 0) failed += r.numFailedTestSuites; // a file that failed to load
  } else if (stage.name === "playwright" && existsSync(PLAYWRIGHT_JSON)) {
    const r = JSON.parse(readFileSync(PLAYWRIGHT_JSON, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
    if (r.stats.unexpected > 0) ok = false;
  } else if (stage.json) {
    ok = false; // a test run that wrote no report did not finish
    failed += 1;
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
