/**
 * Validates the environment at start (a bad variable stops the process here, not at the first
 * request), publishes the lean inbound handler for the production server, and starts the in-process
 * worker unless WORKER=off.
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

// scripts/server.ts answers the inbound routes with this before Next.js sees them: published from
// here so it is the module graph the Next.js routes run (lib/server/lean-handoff.ts).
const { publishLeanHandler } = await import("@/lib/server/lean-handoff");
const { handleInbound } = await import("@/lib/server/inbound-http");
publishLeanHandler(handleInbound);

if (env.WORKER === "on") {
  const { startWorker } = await import("@/lib/jobs/worker");
  // Not awaited: the web tier starts even while the database is down; the worker retries until it can.
  void startWorker({ inApp: true });
}
