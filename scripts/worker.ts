/**
 * `npm run worker`: a job worker process of its own (scale out by running more; set WORKER=off on
 * the web processes to keep them from working jobs). SIGTERM / SIGINT stop it gracefully: jobs in
 * flight finish (up to 25 s) or are released for another worker. With no DATABASE_URL it works on the
 * embedded PostgreSQL, the one `npm run dev` runs when it does.
 */
import { closeDb } from "@/db";
import { EnvError, getEnv } from "@/lib/env";
import { stopBoss } from "@/lib/jobs/queue";
import { startWorker } from "@/lib/jobs/worker";
import { logger } from "@/lib/logger";
import { resolveDatabase } from "./lib/database";

// The database is opened lazily (db/index.ts): resolveDatabase sets DATABASE_URL before its first use.
let embedded: Awaited<ReturnType<typeof resolveDatabase>>["embedded"];
try {
  const resolved = await resolveDatabase((m) => console.log(`[aftercall] ${m}`));
  embedded = resolved.embedded;
} catch (error) {
  console.error(`[aftercall] ${(error as Error).message}`);
  process.exit(1);
}


const log = logger("worker");

try {
  getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`[aftercall] ${error.message}`);
    await embedded?.stop();
    process.exit(1);
  }
  throw error;
}

let worker: Awaited<ReturnType<typeof startWorker>>;
try {
  worker = await startWorker({ inApp: false });
} catch (error) {
  console.error(`[aftercall] could not start the worker: ${(error as Error).message}`);
  await embedded?.stop();
  process.exit(1);
}
console.log("[aftercall] worker running; Ctrl-C to stop");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "stopping worker");
  const force = setTimeout(() => process.exit(1), 30_000);
  force.unref();
  try {
    await worker.stop();
    await stopBoss();
    await closeDb();
    await embedded?.stop();
  } finally {
    process.exit(0);
  }
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
