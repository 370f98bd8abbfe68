/**
 * A closer look at ingest than the bench gives: the production server (WORKER=off) on a fresh
 * database, one open-loop load at `--rate`, and the web process's CPU time per event (steady under
 * contention, unlike latency), and PostgreSQL's (that server's processes only).
 * `--server next` runs plain `next start` instead (Next.js answering the inbound routes), for comparison;
 * `--platform vapi` sends that platform's end-of-call report to a connection instead of our event.
 * `--prof DIR` also writes a V8 CPU profile of the web process there.
 *   npx tsx scripts/bench/profile-ingest.ts --rate 300 --seconds 10 [--server lean|next] [--platform vapi] [--actions 3] [--prof /tmp/prof]
 */
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { createDatabaseFrom, dropDatabasesWithPrefix, startTestServer, withDatabase } from "@/tests/pg-server";
import { newWebhookSecret } from "@/lib/delivery/sign";
import { SYSTEM_ACTOR } from "@/db/audit";
import type { PlatformName } from "@/lib/platforms/types";
import { seedBenchAccount } from "./seed";
import { benchEnv, postgresServerPid, runLoad, serverCpuMs, startNextOnly, startServer, stopTree, treeCpuMs, treeCpuSplitMs, waitForHttp, type LoadResult } from "./processes";

const { values } = parseArgs({
  options: {
    actions: { type: "string", default: "0" },
    rate: { type: "string", default: "300" },
    seconds: { type: "string", default: "10" },
    prof: { type: "string" },
    port: { type: "string", default: "3310" },
    server: { type: "string", default: "lean" },
    platform: { type: "string" },
  },
});
if (values.server !== "lean" && values.server !== "next") throw new Error('--server: "lean" (scripts/server.ts, as npm start) or "next" (plain next start)');
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
let target = { url: `http://127.0.0.1:${values.port}/api/v1/call-events`, secret, platform: undefined as PlatformName | undefined };
if (values.platform) {
  Object.assign(process.env, env);
  const { db, closeDb } = await import("@/db");
  const { createConnection } = await import("@/db/queries/connections");
  const platform = values.platform as PlatformName;
  const connectionSecret = `profile-${platform}-${secret.slice(-16)}`;
  const connection = await createConnection(db, acct.accountId, { platform, name: `Profile ${platform}`, secret: connectionSecret }, SYSTEM_ACTOR);
  await closeDb();
  target = { url: `http://127.0.0.1:${values.port}/api/v1/inbound/${connection.id}`, secret: connectionSecret, platform };
}
const pgPid = await postgresServerPid(url);
const web = values.server === "lean" ? startServer(Number(values.port), env, "web") : startNextOnly(Number(values.port), env, "web");
await waitForHttp(`http://127.0.0.1:${values.port}/api/health`);
const run = (rate: number, seconds: number, seedOffset: number) =>
  runLoad({ url: target.url, secret: target.secret, platform: target.platform, agentNumber: acct.agentNumber, rate, seconds, seedOffset });
await run(100, 3, 0);
const cpu0 = treeCpuMs(web.pid!);
const split0 = treeCpuSplitMs(web.pid!);
const pg0 = serverCpuMs(pgPid);
const out: Partial<LoadResult> & { webCpuMsPerRequest?: number; webSystemCpuMsPerRequest?: number; postgresCpuMsPerRequest?: number } = await run(Number(values.rate), Number(values.seconds), 1000);
out.webCpuMsPerRequest = Math.round(((treeCpuMs(web.pid!) - cpu0) / out.sent!) * 1000) / 1000;
// The kernel's share of it (system calls: socket reads and writes), from the same counters.
out.webSystemCpuMsPerRequest = Math.round(((treeCpuSplitMs(web.pid!).system - split0.system) / out.sent!) * 1000) / 1000;
out.postgresCpuMsPerRequest = Math.round(((serverCpuMs(pgPid) - pg0) / out.sent!) * 1000) / 1000;
delete out.accepted;
console.log(JSON.stringify(out));
stopTree(web);
await new Promise((r) => setTimeout(r, 3000));
await dropDatabasesWithPrefix(pg.adminUrl, name).catch(() => {});
process.exit(0);
