import postgres from "postgres";
import { runInQueryScope, type PendingQuery, type ScopedQuery } from "@/db/query-scope";
import { AppError, isUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "@/lib/errors";
import { logger } from "@/lib/logger";

const log = logger("ingest");

/**
 * Inbound routes (call events, Twilio, the voice platforms' connections) must answer within 5 s:
 * platforms time out after 10–20 s, and a held request becomes no answer at all. postgres.js queues a
 * query behind its reconnect backoff while the database is away, so without a deadline a request waits
 * as long as the outage. The store gets `STORE_DEADLINE_MS`, then `STORE_SETTLE_MS` to learn how its
 * cancelled statements ended; together they leave a second for reading the body and answering.
 */
export const STORE_DEADLINE_MS = 3_000;
export const STORE_SETTLE_MS = 1_000;
export const STORE_RETRY_AFTER_SECONDS = 5;

export type StoreDeadlineOptions = { deadlineMs?: number; settleMs?: number };

/** Thrown at a query the work tries to send after its deadline: it is never sent. */
class StoreDeadlinePassed extends Error {
  readonly code = "STORE_DEADLINE_PASSED";
}

/**
 * Runs an inbound route's database work (`work`, through `db`) with a deadline, and turns its failure
 * into the inbound contract: the work's own AppError as itself, text PostgreSQL cannot store as 400,
 * anything else — the database down, slow or gone mid-statement — as 503 + retry-after.
 *
 * A 503 must never tell the sender "nothing was kept" for an event that was in fact stored, so at the
 * deadline we do not just stop waiting (the statement could still commit a moment later):
 * 1. every query the work has sent is cancelled. One still queued in postgres.js (waiting for a
 *    connection) is dropped before it is sent; one running on the server gets a CancelRequest, and a
 *    cancelled statement rolls back (an autocommit statement commits only when it completes).
 *    Queries the work tries to send from now on are refused before they are sent;
 * 2. we wait up to `settleMs` for the work to finish: if its write committed after all (it completed
 *    before the cancel reached the server), we answer with its result, never a 503;
 * 3. otherwise 503, and the detail claims "nothing was kept" only when it is certain: every query the
 *    work sent failed without running (dropped while queued, refused, no connection), was answered
 *    by the server with an error (a failed statement rolls back), or was a plain SELECT
 *    (db/query-scope.ts `isReadOnly`). If any other query succeeded, is still
 *    running, or lost its connection after being sent (the commit may have happened with the answer
 *    lost), the detail says the outcome is unknown — the sender's retry is safe either way, because
 *    ingest is idempotent on the event id (a stored event is answered 200, never stored twice).
 *
 * Precise "nothing was kept" answers assume the work's write is one statement (ingest's is) or one
 * transaction; a CancelRequest can race with the statement finishing and hit that connection's next
 * query, which then fails with 57014 and answers its own 503 — never a wrong claim.
 */
export async function withStoreDeadline<T>(work: () => Promise<T>, options: StoreDeadlineOptions = {}): Promise<T> {
  const deadlineMs = options.deadlineMs ?? STORE_DEADLINE_MS;
  const settleMs = options.settleMs ?? STORE_SETTLE_MS;
  const started = performance.now();
  const scope = runInQueryScope(work);
  const outcome = settled(scope.done);

  let first = await within(outcome, deadlineMs);
  let timedOut = false;
  if (!first) {
    timedOut = true;
    scope.close(new StoreDeadlinePassed("the store's deadline passed; the query was not sent"));
    for (const { query } of scope.queries) cancel(query);
    first = await within(outcome, settleMs);
  }
  if (first?.ok) return first.value;
  const error = first?.error;
  if (error instanceof AppError) throw error;
  // A NUL in a field is the sender's fault and a retry would fail the same way: 400, not 503.
  if (error !== undefined && isUnstorableText(error)) throw AppError.badRequest(UNSTORABLE_TEXT_MESSAGE);

  const settleLeft = Math.max(0, deadlineMs + settleMs - (performance.now() - started));
  const certain = await nothingKept(scope.queries, timedOut ? settleLeft : settleMs);
  log.error(
    { err: error, timedOut, nothingKept: certain, queries: scope.queries.length, ms: Math.round(performance.now() - started) },
    timedOut ? "storing passed its deadline; answered 503" : "storing failed; answered 503",
  );
  throw new AppError(
    503,
    "unavailable",
    certain
      ? "The event could not be stored. Nothing was kept; retry shortly."
      : "The database did not confirm whether the event was stored. Retry shortly: an event already stored is recognised by its id and answered 200, never stored twice.",
    [],
    { "retry-after": String(STORE_RETRY_AFTER_SECONDS) },
  );
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settled<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/**
 * The promise's value, or null if it has not settled within `ms`. One promise and one timer rather
 * than Promise.race over a second promise: every inbound event waits through this.
 */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise<T | null>((resolve, reject) => {
    const timer = setTimeout(() => resolve(null), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function cancel(query: PendingQuery) {
  try {
    // A settled query ignores this; an active one opens a connection for the CancelRequest, which
    // fails while the database is down — the statement's own outcome is what we wait for.
    const pending = query.cancel() as Promise<unknown> | null | undefined;
    pending?.then?.(undefined, () => {});
  } catch {
    /* nothing to cancel */
  }
}

/**
 * Errors that prove a query did not change anything: the server answered it with an error (a failed
 * statement rolls back), or it never reached the server (cancelled while queued, refused before it
 * was sent, no connection could be opened). Any other connection error may have come after the
 * statement committed.
 */
const NEVER_SENT = new Set(["57014", "STORE_DEADLINE_PASSED", "ECONNREFUSED", "CONNECT_TIMEOUT", "CONNECTION_ENDED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function provesNothingKept(error: unknown): boolean {
  if (error instanceof postgres.PostgresError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && NEVER_SENT.has(code);
}

/**
 * True only when every query the work sent is known to have changed nothing: a plain SELECT that
 * succeeded, or a query that failed in a way that proves it (waits up to `ms` for them to settle).
 */
async function nothingKept(queries: readonly ScopedQuery[], ms: number): Promise<boolean> {
  const results = await within(Promise.allSettled(queries.map((q) => q.query)), ms);
  if (!results) return false;
  return results.every((r, i) => (r.status === "fulfilled" ? queries[i]!.readOnly : provesNothingKept(r.reason)));
}
