import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runningServerPort, startEmbeddedDb, type EmbeddedDb } from "./embedded-db";

/**
 * `npm run dev` runs an embedded PostgreSQL on `.data/pg`; the other commands must use that server,
 * not try to start a second one on the same folder (which fails). Each command here runs as its own
 * process, as a user runs it in a second terminal, with AFTERCALL_DATA_DIR as its `.data/`.
 */
const run = promisify(execFile);
let dataDir: string;
let server: EmbeddedDb;

function script(name: string, args: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, AFTERCALL_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return run(path.resolve("node_modules/.bin/tsx"), [`scripts/${name}.ts`, ...args], { env, timeout: 90_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "aftercall-shared-pg-"));
  chmodSync(dataDir, 0o755); // as root, the server runs as the postgres user
  server = await startEmbeddedDb({ dir: path.join(dataDir, "pg"), database: "aftercall", preferredPort: 0 });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("one embedded PostgreSQL per data folder", () => {
  it("finds the server already running on the folder and leaves it running when done", async () => {
    expect(server.shared).toBe(false);
    const second = await startEmbeddedDb({ dir: path.join(dataDir, "pg"), database: "aftercall" });
    expect(second.shared).toBe(true);
    expect(second.url).toBe(server.url);
    await second.stop();
    const sql = postgres(server.url, { max: 1, onnotice: () => {} });
    try {
      expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
    } finally {
      await sql.end();
    }
  });

  it("db:seed, api-key and simulate --email use the running server", { timeout: 240_000 }, async () => {
    const seeded = await script("db-seed");
    expect(seeded.stderr + seeded.stdout).toContain("using the embedded PostgreSQL already running");
    expect(seeded.code).toBe(0);

    const key = await script("api-key", ["--email", "owner@example.com"]);
    expect(key.stderr).toBe("");
    expect(key.stdout.trim()).toMatch(/^ak_[A-Za-z0-9_-]{20,}$/);

    // Nothing listens on port 9: the events fail to send, but the target was read from the shared database.
    const simulated = await script("simulate", ["--email", "owner@example.com", "--url", "http://127.0.0.1:9"]);
    expect(simulated.stdout).toContain("for +61290000000 (Demo Realty)");

    const sql = postgres(server.url, { max: 1, onnotice: () => {} });
    try {
      expect(await sql`select count(*)::int as keys from api_keys`).toEqual([{ keys: 1 }]);
    } finally {
      await sql.end();
    }
    expect(await runningServerPort(path.join(dataDir, "pg"))).toBe(Number(new URL(server.url).port));
  });

  it("simulate without --email or --to says how to name the account, and sends nothing", async () => {
    const simulated = await script("simulate");
    expect(simulated.code).toBe(2);
    expect(simulated.stderr).toContain("--email <owner email>");
    expect(simulated.stdout).not.toContain("Sending");
  });

  it("reports no running server once it stopped", async () => {
    const dir = path.join(dataDir, "pg");
    await server.stop();
    expect(await runningServerPort(dir)).toBeNull();
    // Started again from the same folder when none runs, as before.
    server = await startEmbeddedDb({ dir, database: "aftercall" });
    expect(server.shared).toBe(false);
  }, 120_000);
});
