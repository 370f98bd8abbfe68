import type { Db } from "@/db";
import { connectionForInbound, type InboundConnection } from "@/db/queries/connections";

/**
 * The inbound route's connections, kept per process for a short while: without this every platform
 * event would cost a lookup and a decryption before its one ingest statement.
 *
 * Staleness is harmless by construction:
 * - a deleted connection's events reach the insert, whose foreign key refuses them (the route answers 404);
 * - a new secret: a signature that fails against the cached secret is checked once more against a
 *   fresh read before it is refused (`verifyFresh`), so a rotation never refuses a good event.
 */
const TTL_MS = 30_000;
const MAX_ENTRIES = 1_000;
const cache = new Map<string, { connection: InboundConnection; at: number }>();

export const CONNECTION_ID = /^con_[0-9a-z]{20}$/;

export async function cachedConnection(db: Db, id: string, now = Date.now()): Promise<{ connection: InboundConnection | null; fresh: boolean }> {
  const hit = cache.get(id);
  if (hit && now - hit.at < TTL_MS) return { connection: hit.connection, fresh: false };
  return { connection: await loadConnection(db, id, now), fresh: true };
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

/** Forgets a connection at once in this process (after a change made here). */
export function forgetConnection(id: string) {
  cache.delete(id);
}
