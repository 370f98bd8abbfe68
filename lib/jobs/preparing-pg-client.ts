import { createHash } from "node:crypto";
import pg from "pg";

/**
 * The connection class of the worker's pg-boss pool (pg-pool's documented `Client` option): it runs
 * pg-boss's single statements as named prepared statements, so PostgreSQL parses and plans each one
 * once per connection instead of on every run.
 *
 * Why: pg-boss sends its SQL as text with its options written in as literals, so `pg` runs each
 * statement unnamed (or, without values, through the simple protocol) and PostgreSQL parses and plans
 * it every time. pg_stat_statements over the bench's delivery load put the planning of pg-boss's fetch
 * at ~1.2 ms and of its complete at ~0.45 ms, against 0.6 ms and 0.4 ms to run them: planning the
 * same few statements was the largest single share of PostgreSQL's CPU per delivered job. Named, the
 * plan is cached; with the literals inline, PostgreSQL's generic plan is the custom one, so after five
 * runs it stops planning.
 *
 * Left as they were: text holding several statements (a named statement must be one; pg-boss's
 * locked maintenance runs a `BEGIN; …; COMMIT` script), anything but a query or DML (SET, LISTEN,
 * DDL), and — past MAX_PREPARED_PER_CONNECTION distinct statements on one connection — the rest, so a
 * statement text that varied per call could not grow a server-side cache without bound.
 */
export const MAX_PREPARED_PER_CONNECTION = 200;

/** The prepared statement name for `text`, or null when it must run unnamed. */
export function preparedNameFor(text: string): string | null {
  const body = text.trim().replace(/;$/, "");
  if (body.includes(";")) return null;
  if (!/^(with|select|insert|update|delete)\b/i.test(body)) return null;
  return `pgb_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
}

/** Text → name, so a hot statement is hashed once per process, not per run (pg-boss's texts are few). */
const names = new Map<string, string | null>();
const NAMES_MAX = 1_000;

function nameOf(text: string): string | null {
  let name = names.get(text);
  if (name === undefined) {
    name = preparedNameFor(text);
    if (names.size < NAMES_MAX) names.set(text, name);
  }
  return name;
}

export class PreparingClient extends pg.Client {
  /** Statements this connection has prepared (pg keeps their text per connection too). */
  readonly prepared = new Set<string>();
  /** Set once a cached plan no longer fits the tables (see below): this connection prepares nothing more. */
  unprepared = false;
}

/**
 * A migration that adds a column to a table under a cached `SELECT *` or `RETURNING *` plan (pg-boss
 * has a few) makes PostgreSQL refuse to run that plan on this connection from then on.
 */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "0A000" && /cached plan must not change result type/.test(String((error as Error).message));
}

// Assigned rather than declared in the class, so PreparingClient keeps pg's typed overloads of query().
const pgQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
PreparingClient.prototype.query = function (this: PreparingClient, ...args: unknown[]) {
  const [config, values, callback] = args;
  const name = typeof config === "string" && !this.unprepared ? nameOf(config) : null;
  if (!name || (!this.prepared.has(name) && this.prepared.size >= MAX_PREPARED_PER_CONNECTION)) return pgQuery.apply(this, args);
  this.prepared.add(name);
  // pg's forms: (text), (text, values), (text, callback), (text, values, callback).
  const cb = typeof values === "function" ? (values as (error: unknown, result?: unknown) => void) : (callback as ((error: unknown, result?: unknown) => void) | undefined);
  const withValues = Array.isArray(values) ? values : [];
  const run = (pgQuery.call(this, { name, text: config, values: withValues }) as Promise<unknown>).catch((error: unknown) => {
    if (!isStalePlan(error)) throw error;
    // The tables changed under this connection's plans (a deploy migrating while the worker runs): the
    // statement runs again unprepared, and so does everything after it on this connection.
    this.unprepared = true;
    return pgQuery.call(this, config, withValues) as Promise<unknown>;
  });
  if (!cb) return run;
  run.then(
    (result) => cb(null, result),
    (error: unknown) => cb(error),
  );
  return undefined;
} as typeof pg.Client.prototype.query;
