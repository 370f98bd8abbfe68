import type postgres from "postgres";
import { noteQuery } from "./query-scope";

/**
 * A postgres.js client whose `unsafe()` queries are prepared. Drizzle sends every query through
 * `unsafe(text, params, { prepare: false })` (drizzle-orm#6096), and postgres.js runs an unprepared
 * query with parameters in two round trips: Parse + Describe, wait for the parameter types, then
 * Bind + Execute. Prepared, a statement is parsed once per connection and each later run is one round
 * trip. Profiling ingest under the bench's load found the describe step in every query.
 *
 * Drizzle builds the same text for the same query shape, so the per-connection statement cache stays
 * small. Transactions and savepoints hand Drizzle a scoped client, which is wrapped the same way.
 * Each query is also noted in the current query scope (db/query-scope.ts), for store deadlines.
 */
export function preparing<T extends postgres.Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, key, receiver) {
      if (key === "unsafe") {
        return (text: string, args?: unknown[], options?: object) =>
          noteQuery(text, () => target.unsafe(text, args as postgres.ParameterOrJSON<never>[], { ...options, prepare: true }));
      }
      if (key === "begin" || key === "savepoint") {
        const original = Reflect.get(target, key, receiver) as (...a: unknown[]) => unknown;
        return (...a: unknown[]) => {
          const fn = a.pop() as (scoped: postgres.Sql) => unknown;
          return original.call(target, ...a, (scoped: postgres.Sql) => fn(preparing(scoped)));
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
}
