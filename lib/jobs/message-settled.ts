import { sql, type SQL } from "drizzle-orm";
import type postgres from "postgres";

/**
 * A webhook waits for its call's SMS and email to reach a first outcome, for up to 10 s (docs/architecture.md §3).
 * Polling alone made it late by up to its poll interval (250 ms) after the last message settled; now
 * every message outcome is recorded together with a NOTIFY carrying its call id, the worker LISTENs
 * (lib/jobs/worker.ts), and a waiting webhook re-reads at once. The poll stays as the fallback for a
 * lost listener connection.
 */
export const MESSAGE_SETTLED_CHANNEL = "aftercall_message_settled";

/** The statement (or CTE body) that tells waiting webhooks a message of `callId` has an outcome. */
export function notifyMessageSettled(callId: string): SQL {
  return sql`select pg_notify(${MESSAGE_SETTLED_CHANNEL}, ${callId})`;
}

const watchers = new Map<string, Set<() => void>>();

/** Called by the listener for each notification: wakes every webhook waiting on that call. */
export function messageSettled(callId: string) {
  const set = watchers.get(callId);
  if (!set) return;
  watchers.delete(callId);
  for (const wake of set) wake();
}

/** LISTENs for settled messages on `client`'s dedicated listener connection. */
export function listenForSettledMessages(client: postgres.Sql) {
  return client.listen(MESSAGE_SETTLED_CHANNEL, messageSettled);
}

/**
 * Starts watching a call BEFORE reading its messages, so a notification that arrives between the read
 * and the wait is not missed. `wait(ms)` resolves after ms, or as soon as a message of the call settles
 * (including since the watch began); `stop()` drops the watch when no wait follows.
 */
export function watchCall(callId: string) {
  let settled = false;
  let wake: (() => void) | undefined;
  const onSettled = () => {
    settled = true;
    wake?.();
  };
  let set = watchers.get(callId);
  if (!set) watchers.set(callId, (set = new Set()));
  set.add(onSettled);
  const stop = () => {
    const current = watchers.get(callId);
    current?.delete(onSettled);
    if (current?.size === 0) watchers.delete(callId);
  };
  return {
    stop,
    wait: (ms: number) =>
      new Promise<void>((resolve) => {
        if (settled) return resolve();
        const timer = setTimeout(() => wake!(), ms);
        wake = () => {
          clearTimeout(timer);
          stop();
          resolve();
        };
      }),
  };
}
