/**
 * Dev aid, not part of the bench: start `next start` (WORKER=off) on a fresh DB, optionally with
 * --cpu-prof, and fire an open-loop load at it. Prints the load result.
 *   npx tsx scripts/bench/profile-ingest.ts --rate 300 --seconds 10 [--prof /tmp/prof] [--actions webhook]
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { createDatabaseFrom, dropDatabasesWithPrefix, startTestServer, withDatabase } from "@/tests/pg-server";
import { newWebhookSecret } from "@/lib/delivery/sign";
import { seedBenchAccount } from "./seed";
import { start, stopTree, treeCpuMs, waitForHttp } from "./processes";

const { values } = parseArgs({ options: { rate: { type: "string", default: "300" }, seconds: { type: "string", default: "10" }, prof: { type: "string" }, port: { type: "string", default: "3310" } } });
const pg = await startTestServer();
const name = `aftercall_prof_${Date.now().toString(36)}`;
await createDatabaseFrom(pg.adminUrl, name);
const url = withDatabase(pg.adminUrl, name);
await migrateDatabase(url);
const secret = newWebhookSecret();
const acct = await seedBenchAccount(url, { agentNumber: "+61290001111", actions: [] });
const env = {
  NODE_ENV: "production", APP_URL: `http://127.0.0.1:${values.port}`, AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123456789",
  APP_ENCRYPTION_KEY: Buffer.alloc(32, 11).toString("base64"), TELEPHONY_WEBHOOK_SECRET: secret, LOG_LEVEL: "error", DB_POOL_MAX: "20",
  DATABASE_URL: url, WORKER: "off", ...(values.prof ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${values.prof}` } : {}),
};
const web = start("npx", ["next", "start", "-p", values.port!, "-H", "127.0.0.1"], env, "web");
await waitForHttp(`http://127.0.0.1:${values.port}/api/health`);
const run = (rate: number, seconds: number, seedOffset: number) => new Promise<string>((resolve) => {
  const c = spawn("npx", ["tsx", "scripts/bench/load.ts", JSON.stringify({ url: `http://127.0.0.1:${values.port}/api/v1/call-events`, secret, agentNumber: acct.agentNumber, rate, seconds, seedOffset })], { stdio: ["ignore", "pipe", "inherit"] });
  let out = ""; c.stdout.on("data", (d) => (out += d)); c.on("exit", () => resolve(out));
});
await run(100, 3, 0);
const cpu0 = treeCpuMs(web.pid!);
const out = JSON.parse(await run(Number(values.rate), Number(values.seconds), 1000));
out.webCpuMsPerRequest = Math.round(((treeCpuMs(web.pid!) - cpu0) / out.sent) * 1000) / 1000;
delete out.accepted;
console.log(JSON.stringify(out));
stopTree(web);
await new Promise((r) => setTimeout(r, 3000));
await dropDatabasesWithPrefix(pg.adminUrl, name).catch(() => {});
process.exit(0);
