import type { Db } from "@/db";
import { connectionForInbound, type InboundConnection } from "@/db/queries/connections";

/**
 * The inbound route's connections, kept per process for a short while: without this every platform
 * event would cost a lookup and a decryption before its one ingest statement.
 *
 * How stale it may be, and why that is safe:
 * - an entry lives 5 s, and a change made in this process (new secret, deletion) forgets it at once;
 *   another web process may still accept the replaced secret for those 5 s at most;
 * - a signature that fails against the cached secret is checked once more against a fresh read
 *   before it is refused (accept-platform-event.ts), so a rotation never refuses a good event — at
 *   most one such read per connection a second, so a stream of bad signatures cannot turn into a
 *   stream of reads;
 * - a deleted connection's events find no connection in the ingest statement (the route answers 404).
 */
const TTL_MS = 5_000;
const RELOAD_AFTER_MS = 1_000;
const MAX_ENTRIES = 1_000;
const cache = new Map<string, { connection: InboundConnection; at: number }>();

export const CONNECTION_ID = /^con_[0-9a-z]{20}$/;

/** `reloadable`: the entry is old enough (a second) to be read again after a failed signature. */
export async function cachedConnection(
  db: Db,
  id: string,
  now = Date.now(),
): Promise<{ connection: InboundConnection | null; reloadable: boolean }> {
  const hit = cache.get(id);
  if (hit && now - hit.at < TTL_MS) return { connection: hit.connection, reloadable: now - hit.at >= RELOAD_AFTER_MS };
  return { connection: await loadConnection(db, id, now), reloadable: false };
}

export async function loadConnection(db: Db, id: string, now = Date.now()): Promise<InboundConnection | null> {
  const connection = await connectionForInbound(db, id);
  if (!connection) {
    cache.delete(id);
    return null;
  }
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(id, { connection, at: now });
  return connection;
}

/** Forgets a connection at once in this process (db/queries/connections.ts calls it on every change). */
export function forgetConnection(id: string) {
  cache.delete(id);
}
