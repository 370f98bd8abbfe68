/**
 * A closer look at ingest than the bench gives: `next start` (WORKER=off) on a fresh database, one
 * open-loop load at `--rate`, and the web process's CPU time per event (steady under contention,
 * unlike latency), and PostgreSQL's (all of its processes on this machine, so run it on a quiet server).
 * `--prof DIR` also writes a V8 CPU profile of the web process there.
 *   npx tsx scripts/bench/profile-ingest.ts --rate 300 --seconds 10 [--actions 3] [--prof /tmp/prof]
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { createDatabaseFrom, dropDatabasesWithPrefix, startTestServer, withDatabase } from "@/tests/pg-server";
import { newWebhookSecret } from "@/lib/delivery/sign";
import { seedBenchAccount } from "./seed";
import { benchEnv, postgresCpuMs, runLoad, start, stopTree, treeCpuMs, waitForHttp, type LoadResult } from "./processes";

const { values } = parseArgs({ options: { actions: { type: "string", default: "0" }, rate: { type: "string", default: "300" }, seconds: { type: "string", default: "10" }, prof: { type: "string" }, port: { type: "string", default: "3310" } } });
const pg = await startTestServer();
const name = `aftercall_prof_${Date.now().toString(36)}`;
await createDatabaseFrom(pg.adminUrl, name);
const url = withDatabase(pg.adminUrl, name);
await migrateDatabase(url);
const secret = newWebhookSecret();
// --actions N: N webhook actions, so each event also stores N deliveries and enqueues their jobs (no
// worker runs here, so nothing is sent).
const actions = Array.from({ length: Number(values.actions) }, (_, i) => ({ channel: "webhook" as const, destination: `http://127.0.0.1:9/hook${i}` }));
const acct = await seedBenchAccount(url, { agentNumber: "+61290001111", actions });
const env = {
  ...benchEnv(Number(values.port), secret),
  DATABASE_URL: url,
  WORKER: "off",
  ...(values.prof ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${values.prof}` } : {}),
};
const web = start("npx", ["next", "start", "-p", values.port!, "-H", "127.0.0.1"], env, "web");
await waitForHttp(`http://127.0.0.1:${values.port}/api/health`);
const run = (rate: number, seconds: number, seedOffset: number) =>
  runLoad({ url: `http://127.0.0.1:${values.port}/api/v1/call-events`, secret, agentNumber: acct.agentNumber, rate, seconds, seedOffset });
await run(100, 3, 0);
const cpu0 = treeCpuMs(web.pid!);
const pg0 = postgresCpuMs();
const out: Partial<LoadResult> & { webCpuMsPerRequest?: number; postgresCpuMsPerRequest?: number } = await run(Number(values.rate), Number(values.seconds), 1000);
out.webCpuMsPerRequest = Math.round(((treeCpuMs(web.pid!) - cpu0) / out.sent!) * 1000) / 1000;
// Every PostgreSQL process on the machine: meaningful when nothing else is using the server.
out.postgresCpuMsPerRequest = Math.round(((postgresCpuMs() - pg0) / out.sent!) * 1000) / 1000;
delete out.accepted;
console.log(JSON.stringify(out));
stopTree(web);
await new Promise((r) => setTimeout(r, 3000));
await dropDatabasesWithPrefix(pg.adminUrl, name).catch(() => {});
process.exit(0);
