import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { getEnv } from "@/lib/env";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

type Handle = { url: string; sql: postgres.Sql; db: Db };

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

function handle(): Handle {
  const url = databaseUrl();
  if (!holder.__aftercallDb || holder.__aftercallDb.url !== url) {
    const sql = postgres(url, {
      max: Number(process.env.DB_POOL_MAX ?? 10),
      onnotice: () => {},
      connect_timeout: 5,
    });
    holder.__aftercallDb = { url, sql, db: drizzle(sql, { schema }) };
  }
  return holder.__aftercallDb;
}

/** The real Drizzle instance, for libraries that check its class (the Auth.js adapter). */
export function getDb(): Db {
  return handle().db;
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

/**
 * Drops the pool and every connection in it; the next query opens a fresh pool. For the postgres.js
 * guard below: a connection that hit the driver's closed-socket bug keeps a stale write buffer and
 * would never work again, so the whole pool goes. Queries in flight on it fail as connection errors.
 */
export async function resetDbPool() {
  const h = holder.__aftercallDb;
  holder.__aftercallDb = undefined;
  await h?.sql.end({ timeout: 0 }).catch(() => {});
}

/**
 * postgres.js 3.4.9 (the latest) throws from a timer when a transaction's connection dies mid-flight —
 * it writes the ROLLBACK to the closed socket (porsager/postgres#1154, #1208; fix not yet released).
 * Thrown outside any await, it is an uncaught exception: it killed `npm run worker` on a database
 * restart (found by the chaos suite), and Next.js, which logs uncaught exceptions and carries on,
 * kept the broken connection in its pool. This recognises that one error and replaces the pool.
 * `exitOnOther`: in a plain Node process (the worker) any other uncaught exception still ends it, as
 * Node's default would; in Next.js its own handler deals with them.
 */
export function isPostgresClosedSocketWrite(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /\(reading 'write'\)/.test(error.message) &&
    /postgres[\\/](cjs[\\/])?src[\\/]connection\.js/.test(error.stack ?? "")
  );
}

export function guardPostgresClosedSocket(opts: { exitOnOther: boolean }) {
  const key = Symbol.for("aftercall.postgresGuard");
  const g = globalThis as unknown as Record<symbol, boolean>;
  if (g[key]) return;
  g[key] = true;
  process.on("uncaughtException", (error) => {
    if (isPostgresClosedSocketWrite(error)) {
      console.error("[aftercall] database connection lost mid-transaction (postgres.js closed-socket write); replacing the pool");
      void resetDbPool();
      return;
    }
    if (opts.exitOnOther) {
      console.error(error);
      process.exit(1);
    }
  });
}

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
