/**
 * Validates the environment at start (a bad variable stops the process here, not at the first
 * request) and starts the in-process worker unless WORKER=off.
 */
import { EnvError, getEnv } from "@/lib/env";

let env;
try {
  env = getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`[aftercall] ${error.message}`);
    process.exit(1);
  }
  throw error;
}

if (env.WORKER === "on") {
  const { startWorker } = await import("@/lib/jobs/worker");
  // Not awaited: the web tier starts even while the database is down; the worker retries until it can.
  void startWorker({ inApp: true });
}
