import { and, asc, count, eq, gte, notInArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { accounts, calls, postCallActions, type CallStatus, type StoredHeader } from "@/db/schema";
import type { CallVolume } from "@/lib/post-call-actions/cost";
import { PROJECTION_DAYS } from "@/lib/post-call-actions/cost";
import { LIMIT_MESSAGE, type ActionData, type SavedAction } from "@/lib/post-call-actions/schema";
import { audit, type Actor } from "@/db/audit";
import { encryptSecret } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { MAX_ACTIONS_PER_ACCOUNT } from "@/lib/pricing";
import { maskHeaderValue, type HeaderInput } from "@/lib/post-call-actions/headers";

/**
 * The account's post-call actions, read and replaced as one list. The settings page's server actions
 * and `GET`/`PUT /api/v1/post-call-actions` both go through these two functions.
 */

export const STALE_MESSAGE = "Another tab changed these actions — reload to see the latest, then make your change again.";

type Row = typeof postCallActions.$inferSelect;

function toSaved(row: Row): SavedAction {
  return {
    id: row.id,
    channel: row.channel,
    to: row.destination,
    enabled: row.enabled,
    conditions: { statuses: row.statuses, min_duration_seconds: row.minDurationSeconds },
    template: row.template ?? null,
    // Names and masks only: a saved value never leaves the server in clear.
    headers: row.headers.map((h) => ({ name: h.name, masked: h.masked })),
    disabled_reason: row.disabledReason,
  };
}

/**
 * The headers to store for one action: a header sent with a value is encrypted afresh; one sent
 * without (as GET shows it) keeps the value saved under that name on the same action, so an owner can
 * edit one header, or the URL, without typing every secret again.
 */
function storedHeaders(index: number, input: HeaderInput[], old: StoredHeader[]): StoredHeader[] {
  const saved = new Map(old.map((h) => [h.name.toLowerCase(), h]));
  return input.map((h, j) => {
    if (h.value) return { name: h.name, valueEncrypted: encryptSecret(h.value), masked: maskHeaderValue(h.value) };
    const kept = saved.get(h.name.toLowerCase());
    if (!kept) {
      const message = `Enter a value for ${h.name}: there is no saved value under that name to keep.`;
      throw AppError.unprocessable(message, [{ field: `actions[${index}].headers[${j}].value`, message }]);
    }
    return { ...kept, name: h.name };
  });
}

async function rowsOf(db: Db | Tx, accountId: string) {
  // Creation order is the list order: slots (`position`) are only how the database caps the count.
  return db
    .select()
    .from(postCallActions)
    .where(eq(postCallActions.accountId, accountId))
    .orderBy(asc(postCallActions.createdAt), asc(postCallActions.id));
}

export type ActionListState = { actions: SavedAction[]; version: number };

export async function listActions(db: Db | Tx, accountId: string): Promise<ActionListState> {
  const [account] = await db.select({ version: accounts.actionsVersion }).from(accounts).where(eq(accounts.id, accountId));
  if (!account) throw AppError.notFound("This account no longer exists.");
  const rows = await rowsOf(db, accountId);
  return { actions: rows.map(toSaved), version: account.version };
}

function pgCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e; i++) {
    if (typeof e === "object" && e !== null && "code" in e && typeof (e as { code: unknown }).code === "string") {
      return (e as { code: string }).code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Replaces the account's actions with `input` (PUT semantics) in one transaction: actions whose id
 * is kept are updated in place (their delivery history stays linked), the rest are deleted, new ones
 * take free slots. The account row is locked and its `actions_version` compared with the one the
 * form loaded, so a stale form is refused instead of silently overwriting another tab's change.
 */
export async function replaceActions(
  db: Db,
  accountId: string,
  input: { actions: ActionData[]; expectedVersion?: number; actor: Actor; via?: "dashboard" | "api" },
): Promise<ActionListState> {
  if (input.actions.length > MAX_ACTIONS_PER_ACCOUNT) throw AppError.unprocessable(LIMIT_MESSAGE);
  try {
    return await db.transaction(async (tx) => {
      const [account] = await tx
        .select({ version: accounts.actionsVersion })
        .from(accounts)
        .where(eq(accounts.id, accountId))
        .for("update");
      if (!account) throw AppError.notFound("This account no longer exists.");
      if (input.expectedVersion !== undefined && input.expectedVersion !== account.version) {
        throw AppError.conflict(STALE_MESSAGE);
      }

      const existing = new Map((await rowsOf(tx, accountId)).map((r) => [r.id, r]));
      const kept = new Set<string>();
      for (const a of input.actions) if (a.id && existing.has(a.id) && !kept.has(a.id)) kept.add(a.id);

      await tx
        .delete(postCallActions)
        .where(
          kept.size > 0
            ? and(eq(postCallActions.accountId, accountId), notInArray(postCallActions.id, [...kept]))
            : eq(postCallActions.accountId, accountId),
        );

      const used = new Set([...kept].map((id) => existing.get(id)!.position));
      const free = Array.from({ length: MAX_ACTIONS_PER_ACCOUNT }, (_, i) => i).filter((p) => !used.has(p));
      const now = Date.now();
      const claimed = new Set<string>();
      const summary = { added: 0, changed: 0, removed: existing.size - kept.size };

      for (const [i, a] of input.actions.entries()) {
        const old = a.id && kept.has(a.id) && !claimed.has(a.id) ? existing.get(a.id)! : null;
        const values = {
          channel: a.channel,
          destination: a.to,
          enabled: a.enabled,
          statuses: a.conditions.statuses as CallStatus[],
          minDurationSeconds: a.conditions.min_duration_seconds,
          template: a.channel === "webhook" ? null : (a.template ?? null),
          headers: a.channel === "webhook" ? storedHeaders(i, a.headers ?? [], old?.headers ?? []) : [],
        };
        if (old) {
          claimed.add(old.id);
          const same =
            old.channel === values.channel &&
            old.destination === values.destination &&
            old.enabled === values.enabled &&
            old.minDurationSeconds === values.minDurationSeconds &&
            old.statuses.join() === values.statuses.join() &&
            JSON.stringify(old.template ?? null) === JSON.stringify(values.template) &&
            sameHeaders(old.headers, values.headers);
          if (same) continue;
          summary.changed++;
          // A new destination, or switching a paused endpoint back on, is a fresh start for it.
          const reset = old.destination !== values.destination || (!old.enabled && values.enabled);
          await tx
            .update(postCallActions)
            .set({
              ...values,
              updatedAt: new Date(),
              ...(reset ? { disabledReason: null, disabledAt: null, failingSince: null } : {}),
            })
            .where(and(eq(postCallActions.id, old.id), eq(postCallActions.accountId, accountId)));
        } else {
          summary.added++;
          const position = free.shift();
          if (position === undefined) throw AppError.conflict(LIMIT_MESSAGE);
          await tx.insert(postCallActions).values({
            id: newId("act"),
            accountId,
            position,
            ...values,
            // Spread by a millisecond each so one save's new actions keep the order they were sent in.
            createdAt: new Date(now + i),
          });
        }
      }

      const [bumped] = await tx
        .update(accounts)
        .set({ actionsVersion: sql`${accounts.actionsVersion} + 1` })
        .where(eq(accounts.id, accountId))
        .returning({ version: accounts.actionsVersion });

      const rows = await rowsOf(tx, accountId);
      await audit(tx, {
        accountId,
        actor: input.actor,
        action: "post_call_actions.replaced",
        target: null,
        meta: {
          via: input.via ?? "dashboard",
          version: bumped!.version,
          ...summary,
          actions: rows.map((r) => ({ id: r.id, channel: r.channel, enabled: r.enabled })),
        },
      });
      return { actions: rows.map(toSaved), version: bumped!.version };
    });
  } catch (error) {
    // The database's own cap (slots 0–9, unique per account) answers a race this code did not foresee.
    const code = pgCode(error);
    if (code === "23505" || code === "23514") throw AppError.conflict(LIMIT_MESSAGE);
    throw error;
  }
}

/** Same names and stored values in the same order (a value typed again is a change: it is encrypted afresh). */
function sameHeaders(a: StoredHeader[], b: StoredHeader[]) {
  return a.length === b.length && a.every((h, i) => h.name === b[i]!.name && h.valueEncrypted === b[i]!.valueEncrypted);
}

/** The last 30 days' calls by status and duration: small enough to send to the browser whole. */
export async function callVolume(db: Db, accountId: string, now = new Date()): Promise<CallVolume> {
  const since = new Date(now.getTime() - PROJECTION_DAYS * 86400_000);
  const rows = await db
    .select({ status: calls.status, duration: calls.durationSeconds, n: count() })
    .from(calls)
    .where(and(eq(calls.accountId, accountId), gte(calls.endedAt, since)))
    .groupBy(calls.status, calls.durationSeconds)
    .orderBy(calls.status, calls.durationSeconds);
  const volume: CallVolume = {};
  for (const r of rows) (volume[r.status] ??= []).push([r.duration, r.n]);
  return volume;
}
