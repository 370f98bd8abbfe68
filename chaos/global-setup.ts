/**
 * `npm run test:chaos` global setup: the production build is reused (`npm test` has just run
 * `next build`; built here only when missing), a watchdog bounds the whole run, and the teardown
 * reaps any process a test file left behind (pids recorded by chaos/harness.ts).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { LOG_DIR, PID_FILE } from "./harness";

/** The whole suite must stop itself well within CI's patience. */
const SUITE_LIMIT_MS = Number(process.env.CHAOS_SUITE_LIMIT_MS ?? 9 * 60_000);

function reap() {
  if (!existsSync(PID_FILE)) return;
  for (const line of readFileSync(PID_FILE, "utf8").split("\n")) {
    const pid = Number(line);
    if (!pid) continue;
    try {
      // Only our own children: a pid the OS reused for something else is left alone.
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!/scripts\/worker\.ts|next\/dist\/bin\/next|next-server/.test(cmd)) continue;
      process.kill(-pid, "SIGKILL");
    } catch {
      /* gone already */
    }
  }
  rmSync(PID_FILE, { force: true });
}

export default function setup() {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    console.log("[chaos] no production build in .next: running next build");
    const built = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
    if (built.status !== 0) throw new Error("next build failed");
  }
  reap();
  rmSync(path.join(process.cwd(), ".data", "chaos-report.txt"), { force: true });
  rmSync(LOG_DIR, { recursive: true, force: true });
  const watchdog = setTimeout(() => {
    console.error(`[chaos] the suite ran past ${SUITE_LIMIT_MS / 1000} s: stopping it`);
    reap();
    process.exit(1);
  }, SUITE_LIMIT_MS);
  watchdog.unref();
  return () => {
    clearTimeout(watchdog);
    reap();
  };
}
