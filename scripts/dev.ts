/**
 * `npm run dev` / `npm start`: the zero-configuration entry point. Starts the embedded PostgreSQL when
 * DATABASE_URL is unset, migrates, seeds the demo account once, then runs Next.js and stops the
 * database cleanly when Next exits or on Ctrl-C / SIGTERM.
 */
import { spawn } from "node:child_process";
import { closeDb, db } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { seedDemo } from "@/db/seed";
import { loadDevSecrets } from "@/lib/dev-secrets";
import { dataDir } from "@/lib/env";
import { resolveDatabase } from "./lib/database";

const prod = process.argv.includes("--prod");
const log = (m: string) => console.log(`[aftercall] ${m}`);

async function main() {
  const { url, embedded } = await resolveDatabase(log);
  process.env.DATABASE_URL = url;

  // A local run (the embedded database, or NODE_ENV unset) gets the generated secrets, so `npm start`
  // on a fresh clone works too. A real deployment sets DATABASE_URL and its own secrets.
  if (embedded || process.env.NODE_ENV !== "production") {
    const secrets = loadDevSecrets(dataDir());
    for (const [k, v] of Object.entries(secrets)) process.env[k] ??= v;
  }

  await migrateDatabase(url);
  log("Database migrated.");
  if (embedded || process.env.AFTERCALL_SEED === "1") {
    const { created } = await seedDemo(db);
    if (created) log("Seeded the demo account: sign in as owner@example.com (the link appears in this log).");
  }
  await closeDb();

  const port = process.env.PORT ?? "3000";
  process.env.APP_URL ??= `http://localhost:${port}`;
  // --prod: the production server (scripts/server.ts: the lean inbound path in front of Next.js).
  const child = prod
    ? spawn(process.execPath, ["--import", "tsx", "scripts/server.ts", "-p", port], { stdio: "inherit", env: process.env })
    : spawn("npx", ["next", "dev", "-p", port], { stdio: "inherit", env: process.env });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (embedded) {
      log("Stopping the embedded PostgreSQL …");
      await embedded.stop().catch(() => {});
    }
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      child.kill(signal);
    });
  }
  child.on("exit", (code) => void stop(code ?? 0));
}

main().catch((error) => {
  console.error(`[aftercall] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
