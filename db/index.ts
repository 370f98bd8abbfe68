import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { getEnv } from "@/lib/env";
import { preparing } from "./prepared";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

type Handle = { url: string; sql: postgres.Sql; prepared: postgres.Sql; db: Db };

// Kept on globalThis so dev-mode hot reloads reuse one pool instead of leaking a pool per edit.
const holder = globalThis as unknown as { __aftercallDb?: Handle };

export function databaseUrl(): string {
  const url = getEnv().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` / `npm start` (they start an embedded PostgreSQL), or set DATABASE_URL.",
    );
  }
  return url;
}

/**
 * How long a connection waits before its next attempt after `retries` failed ones (postgres.js's
 * `backoff`, in seconds). The default grows to 20 s, and every query queues behind it: during an
 * outage requests were held for as long as the outage and answered only after the database came
 * back. Capped at 1 s, a query learns within a second whether the database is reachable (inbound
 * routes also have a deadline, lib/ingest/store-deadline.ts), and the pool is back within a second of
 * the database. Jittered so a pool's connections do not all knock at once.
 */
export const MAX_RECONNECT_DELAY_SECONDS = 1;

export function reconnectDelaySeconds(retries: number): number {
  return (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, MAX_RECONNECT_DELAY_SECONDS);
}

function handle(): Handle {
  const url = databaseUrl();
  if (!holder.__aftercallDb || holder.__aftercallDb.url !== url) {
    const sql = postgres(url, {
      max: getEnv().DB_POOL_MAX,
      onnotice: () => {},
      connect_timeout: 5,
      backoff: reconnectDelaySeconds,
    });
    const prepared = preparing(sql);
    holder.__aftercallDb = { url, sql, prepared, db: drizzle(prepared, { schema }) };
  }
  return holder.__aftercallDb;
}

/** The real Drizzle instance, for libraries that check its class (the Auth.js adapter). */
export function getDb(): Db {
  return handle().db;
}

/** The client Drizzle sends through: queries prepared and noted for store deadlines (db/prepared.ts). */
export function preparedClient(): postgres.Sql {
  return handle().prepared;
}

/** The postgres.js client, for the few places that need raw SQL (COPY, LISTEN). */
export function sqlClient(): postgres.Sql {
  return handle().sql;
}

/**
 * The Drizzle database. A proxy so that importing this module opens nothing: `next build` imports
 * route modules without a database, and tests point DATABASE_URL at a fresh database before first use.
 */
export const db: Db = new Proxy({} as Db, {
  get: (_target, key) => {
    const real = handle().db as unknown as Record<string | symbol, unknown>;
    const value = real[key];
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(real) : value;
  },
});

export async function closeDb() {
  const h = holder.__aftercallDb;
  holder.__aftercallDb = undefined;
  await h?.sql.end({ timeout: 5 });
}

/** Hides the password in a connection URL for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export { schema };
