import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedDb } from "@/scripts/lib/embedded-db";

/**
 * A PostgreSQL server for tests: the one at DATABASE_URL when set (CI's), otherwise an embedded one
 * in a temporary folder, so a machine with no server still runs every test.
 */
export async function startTestServer(): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = "/postgres";
    return { adminUrl: u.toString(), stop: async () => {} };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "aftercall-test-pg-"));
  const { chmodSync } = await import("node:fs");
  chmodSync(dir, 0o755); // the postgres user (when we are root) must reach its data folder
  const server = await startEmbeddedDb({ dir: path.join(dir, "data"), database: "postgres", preferredPort: 0 });
  return { adminUrl: server.url, stop: server.stop };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates `name` as a copy of `template` (retrying: Postgres refuses while another copy is starting). */
export async function createDatabaseFrom(adminUrl: string, name: string, template?: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ""}`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
}

export async function dropDatabasesWithPrefix(adminUrl: string, prefix: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${prefix + "%"}`;
    for (const { datname } of rows) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}
