import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { connections } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { PlatformName } from "@/lib/platforms/types";

/**
 * Voice platform connections (docs/architecture.md, "Voice platforms"). The platform's secret is
 * stored encrypted and never leaves this module except to verify an inbound request
 * (`connectionForInbound`): lists and API answers never carry it.
 */
export type ConnectionListRow = {
  id: string;
  platform: PlatformName;
  name: string;
  waitSeconds: number;
  createdAt: Date;
  updatedAt: Date;
  refusedCount: number;
  lastRefusedAt: Date | null;
  lastRefusedReason: string | null;
  lastEventAt: Date | null;
  callCount: number;
};

export async function listConnections(db: Db, accountId: string): Promise<ConnectionListRow[]> {
  return db
    .select({
      id: connections.id,
      platform: connections.platform,
      name: connections.name,
      waitSeconds: connections.waitSeconds,
      createdAt: connections.createdAt,
      updatedAt: connections.updatedAt,
      refusedCount: connections.refusedCount,
      lastRefusedAt: connections.lastRefusedAt,
      lastRefusedReason: connections.lastRefusedReason,
      // Both read calls_connection_created_idx: the newest entry, and a count of the index's entries.
      // The outer row is named in full: in a one-table select Drizzle renders `${connections.id}` as a
      // bare "id", which inside the subquery would mean calls.id (and match nothing).
      lastEventAt: sql<Date | null>`(select max(c.created_at) from calls c where c.connection_id = "connections"."id")`.mapWith(
        (v: string | Date | null) => (v === null ? null : new Date(v)),
      ),
      callCount: sql<number>`(select count(*) from calls c where c.connection_id = "connections"."id")`.mapWith(Number),
    })
    .from(connections)
    .where(eq(connections.accountId, accountId))
    .orderBy(asc(connections.createdAt), asc(connections.id));
}

export async function getConnection(db: Db, accountId: string, id: string): Promise<ConnectionListRow | null> {
  const rows = await listConnections(db, accountId);
  return rows.find((r) => r.id === id) ?? null;
}

export async function createConnection(
  db: Db,
  accountId: string,
  input: { platform: PlatformName; name: string; secret: string },
  actor: Actor,
) {
  const id = newId("con");
  const [row] = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(connections)
      .values({ id, accountId, platform: input.platform, name: input.name, secretEncrypted: encryptSecret(input.secret) })
      .returning({ id: connections.id, platform: connections.platform, name: connections.name, createdAt: connections.createdAt });
    await audit(tx, { accountId, actor, action: "connection.created", target: `${input.name} (${id})`, meta: { platform: input.platform } });
    return inserted;
  });
  return row!;
}

export async function renameConnection(db: Db, accountId: string, id: string, name: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: connections.name })
      .from(connections)
      .where(and(eq(connections.id, id), eq(connections.accountId, accountId)))
      .for("update");
    if (!before) throw AppError.notFound("That connection does not exist.");
    await tx.update(connections).set({ name, updatedAt: new Date() }).where(eq(connections.id, id));
    await audit(tx, { accountId, actor, action: "connection.renamed", target: `${name} (${id})`, meta: { from: before.name } });
  });
}

/**
 * A new secret (the platform's was rotated). The old one stops verifying at once in this process and
 * within 5 s in others (the inbound cache below).
 */
export async function replaceConnectionSecret(db: Db, accountId: string, id: string, secret: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(connections)
      .set({ secretEncrypted: encryptSecret(secret), updatedAt: new Date() })
      .where(and(eq(connections.id, id), eq(connections.accountId, accountId)))
      .returning({ name: connections.name });
    if (!row) throw AppError.notFound("That connection does not exist.");
    await audit(tx, { accountId, actor, action: "connection.secret_replaced", target: `${row.name} (${id})` });
  });
  forgetConnection(id);
}

/** Deletes the connection: its URL answers 404 from then on (its events find no connection to store under); its calls stay, with their platform. */
export async function deleteConnection(db: Db, accountId: string, id: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(connections)
      .where(and(eq(connections.id, id), eq(connections.accountId, accountId)))
      .returning({ name: connections.name, platform: connections.platform });
    if (!row) throw AppError.notFound("That connection does not exist.");
    await audit(tx, { accountId, actor, action: "connection.deleted", target: `${row.name} (${id})`, meta: { platform: row.platform } });
  });
  forgetConnection(id);
}

export type InboundConnection = { id: string; accountId: string; platform: PlatformName; secret: string; waitSeconds: number };

/**
 * The inbound route's lookup, by the id in the URL alone — the one query here not scoped to a
 * signed-in account, because on that route the connection is what decides the account. The caller
 * must verify the request's signature with `secret` before trusting anything else in it.
 */
export async function connectionForInbound(db: Db, id: string): Promise<InboundConnection | null> {
  const [row] = await db
    .select({
      id: connections.id,
      accountId: connections.accountId,
      platform: connections.platform,
      secretEncrypted: connections.secretEncrypted,
      waitSeconds: connections.waitSeconds,
    })
    .from(connections)
    .where(eq(connections.id, id));
  if (!row) return null;
  return { id: row.id, accountId: row.accountId, platform: row.platform, secret: decryptSecret(row.secretEncrypted), waitSeconds: row.waitSeconds };
}

/** Counts a refused request so the owner sees a misconfigured platform (the reason, never the body). */
export async function recordRefusal(db: Db, id: string, reason: string) {
  await db
    .update(connections)
    .set({ refusedCount: sql`${connections.refusedCount} + 1`, lastRefusedAt: new Date(), lastRefusedReason: reason.slice(0, 200) })
    .where(eq(connections.id, id));
}

/**
 * The inbound route's connections, kept per process for a short while: without this every platform
 * event would cost a lookup and a decryption before its one ingest statement.
 *
 * How stale it may be, and why that is safe:
 * - an entry lives 5 s, and a change made in this process (new secret, deletion) forgets it at once;
 *   another web process may still accept the replaced secret for those 5 s at most;
 * - a signature that fails against the cached secret is checked once more against a fresh read
 *   before it is refused (lib/ingest/accept-platform-event.ts), so a rotation never refuses a good event — at
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

/** Forgets a connection at once in this process (the changes above call it). */
export function forgetConnection(id: string) {
  cache.delete(id);
}
