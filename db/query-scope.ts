import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Which postgres.js queries a piece of work ran, so that a caller with a deadline can cancel them
 * (lib/ingest/store-deadline.ts). Every query Drizzle sends goes through `unsafe()` on the client
 * db/prepared.ts wraps, which calls `noteQuery`; outside a scope that costs one AsyncLocalStorage read.
 */
export type PendingQuery = PromiseLike<unknown> & { cancel(): unknown };

/** `readOnly`: a plain SELECT by its text, so its success changed nothing (see `isReadOnly`). */
export type ScopedQuery = { query: PendingQuery; readOnly: boolean };

type Scope = { queries: ScopedQuery[]; closed: Error | null };

const current = new AsyncLocalStorage<Scope>();

export type QueryScope = {
  /** Settles with the work. */
  done: Promise<unknown>;
  /** The queries the work has sent so far, in order. */
  queries: readonly ScopedQuery[];
  /** From now on a query the work tries to send throws `reason` instead of being sent. */
  close(reason: Error): void;
};

/** Runs `work`, recording the queries it sends through `db`. */
export function runInQueryScope<T>(work: () => Promise<T>): QueryScope & { done: Promise<T> } {
  const scope: Scope = { queries: [], closed: null };
  const done = current.run(scope, work);
  return {
    done,
    queries: scope.queries,
    close: (reason) => {
      scope.closed = reason;
    },
  };
}

/** Called for every query with its text as it is created (db/prepared.ts). */
export function noteQuery<Q extends PendingQuery>(text: string, create: () => Q): Q {
  const scope = current.getStore();
  if (!scope) return create();
  if (scope.closed) throw scope.closed;
  const query = create();
  scope.queries.push({ query, readOnly: isReadOnly(text) });
  return query;
}

const WRITES = /\b(insert|update|delete|merge|nextval|setval|pg_notify|lock|pg_advisory\w*)\b|\bfor\s+(no\s+key\s+)?(update|share)\b/i;

/**
 * Conservative: a statement that starts with SELECT and names no writing keyword. A data-modifying
 * CTE (`with … insert … select`) or a locking read is a write; so is anything not recognised. A SELECT
 * that calls a user function with side effects would be misread — none is run under a store deadline.
 */
export function isReadOnly(text: string): boolean {
  return /^\s*select\b/i.test(text) && !WRITES.test(text);
}
