/**
 * The server Playwright tests run against: the production server (scripts/server.ts, after `next build`) on a fresh
 * database, seeded with the demo account. Writes the database URL to .data/e2e.json for the tests.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrateDatabase } from "@/db/migrate";
import { closeDb, db } from "@/db";
import { seedDemo } from "@/db/seed";
import { createDatabaseFrom, dropDatabasesWithPrefix, startTestServer, withDatabase } from "@/tests/pg-server";
import { E2E_ENV, E2E_LOG_FILE, E2E_PORT, E2E_STATE_FILE } from "./env";

const server = await startTestServer();
const name = `aftercall_e2e_${Date.now().toString(36)}`;
await createDatabaseFrom(server.adminUrl, name);
const databaseUrl = withDatabase(server.adminUrl, name);
await migrateDatabase(databaseUrl);
process.env.DATABASE_URL = databaseUrl;
Object.assign(process.env, E2E_ENV);
await seedDemo(db);
await closeDb();

mkdirSync(path.dirname(E2E_STATE_FILE), { recursive: true });
writeFileSync(E2E_STATE_FILE, JSON.stringify({ databaseUrl }));

// The server's whole output also goes to E2E_LOG_FILE, at LOG_LEVEL=debug, so e2e/logs.spec.ts can
// scan what production logs for secrets, magic links and phone numbers. The console only shows
// warnings and errors, as before.
writeFileSync(E2E_LOG_FILE, "");
const logFile = createWriteStream(E2E_LOG_FILE, { flags: "a" });
// The production server as `npm start` runs it: the lean inbound path in front of Next.js.
const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts", "-p", String(E2E_PORT)], {
  stdio: ["inherit", "pipe", "pipe"],
  env: { ...process.env, ...E2E_ENV, LOG_LEVEL: "debug", DATABASE_URL: databaseUrl, NODE_ENV: "production" },
});
function relay(stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) {
  let rest = "";
  stream.on("data", (chunk: Buffer) => {
    logFile.write(chunk);
    const lines = (rest + chunk.toString("utf8")).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      const level = /^\{"level":(\d+)/.exec(line)?.[1];
      if (!level || Number(level) >= 40) out.write(`${line}\n`);
    }
  });
}
relay(child.stdout!, process.stdout);
relay(child.stderr!, process.stderr);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  await dropDatabasesWithPrefix(server.adminUrl, name).catch(() => {});
  await server.stop().catch(() => {});
  process.exit(code);
}
process.on("SIGTERM", () => void stop(0));
process.on("SIGINT", () => void stop(0));
child.on("exit", (code) => void stop(code ?? 0));
