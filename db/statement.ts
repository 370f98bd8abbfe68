import { Placeholder, sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type postgres from "postgres";
import { db as appDb, preparedClient, type Db } from "./index";

const dialect = new PgDialect();

/**
 * Where a statement's builder puts a value: `v("callId")`. When the statement is compiled this is a
 * Drizzle placeholder, when it is built for one run it is the value itself — so a builder must only
 * interpolate what `v` gives, never branch on it (a statement's shape is chosen by its caller).
 */
export type ValueOf<V> = <K extends keyof V & string>(name: K) => V[K];

type Compiled<V> = { text: string; bind(values: V): unknown[] };

/**
 * A statement run on every inbound event, built once: its SQL is composed with Drizzle's `sql` as
 * any other, with `v(name)` where each run's values go; it is turned into text once, and a run only
 * binds its values in order. (The text is also what postgres.js keys its prepared statements by.)
 *
 * Why: composing ingest's one big statement (lib/ingest/ingest-call.ts) from its pieces and turning
 * it into text with PgDialect.sqlToQuery, for every event, was ~9 % of the lean path's main-thread
 * CPU in a perf profile at 200 events/s — work whose result is the same text each time.
 *
 * A run on the app's pool goes straight to the client (still prepared and noted for the store deadline:
 * db/prepared.ts), without Drizzle's per-query session layer — two tracing spans, a query-cache
 * wrapper and their promises, a few percent of the web process's CPU per event in an earlier profile.
 *
 * `build` may read the database once (the pg-boss job insert it embeds does): it gets `db`.
 */
export class ReusableStatement<V extends Record<string, unknown>> {
  #compiling: Promise<Compiled<V>> | undefined;
  #compiled: Compiled<V> | undefined;

  constructor(private readonly build: (v: ValueOf<V>, db: Db) => SQL | Promise<SQL>) {}

  /** Runs the statement with `values` on `db`: prepared on the app's pool, or through Drizzle on anything else (a transaction). */
  async run<T extends Record<string, unknown>>(db: Db, values: V): Promise<T[]> {
    if (db !== appDb) return [...(await db.execute(await this.build((name) => values[name], db)))] as T[];
    // Once compiled, a run sends its query in the same turn: no await before it.
    const { text, bind } = this.#compiled ?? (await this.compiled(db));
    return (await preparedClient().unsafe(text, bind(values) as postgres.ParameterOrJSON<never>[])) as unknown as T[];
  }

  private compiled(db: Db): Promise<Compiled<V>> {
    return (this.#compiling ??= this.compile(db).then(
      (compiled) => (this.#compiled = compiled),
      (error: unknown) => {
        this.#compiling = undefined;
        throw error;
      },
    ));
  }

  private async compile(db: Db): Promise<Compiled<V>> {
    const query = await this.build((name) => sql.placeholder(name) as never, db);
    const { sql: text, params } = dialect.sqlToQuery(query);
    // Each parameter is a placeholder's name (a run's value) or a value fixed when the statement was built.
    const slots = params.map((p) => (p instanceof Placeholder ? { name: p.name } : { value: p }));
    return {
      text,
      bind: (values) =>
        slots.map((slot) => {
          if (!("name" in slot)) return slot.value;
          const value = values[slot.name];
          if (value === undefined) throw new Error(`no value for "${slot.name}" in a reusable statement`);
          return value;
        }),
    };
  }
}
