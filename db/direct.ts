import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { db as appDb, preparedClient, type Db } from "./index";

const dialect = new PgDialect();

/**
 * `db.execute(query)` for the ingest statement, the one query every inbound event runs: the same text
 * and parameters, handed straight to the client (still prepared and noted for the store deadline:
 * db/prepared.ts), without Drizzle's per-query session layer — two tracing spans, a query-cache
 * wrapper and their promises, which a profile of ingest at 200 events/s put at a few percent of the
 * web process's CPU per event. Rows come back as postgres.js gives them, as from `db.execute`.
 */
export async function executeDirect<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  // Anything but the app's database (a transaction) goes Drizzle's way.
  if (db !== appDb) return [...(await db.execute(query))] as T[];
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await preparedClient().unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[];
}
