import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { accounts, creditLedger, deliveries, memberships } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { AppError } from "@/lib/errors";
import { CHANNELS, type Channel } from "@/lib/pricing";
import { ownedAccount } from "./accounts";
import { localDays } from "./overview";

export type UsageDay = { day: string } & Record<Channel, number>;

/**
 * Credits used per local day and channel: charges minus refunds from the ledger (grants are not
 * usage). Zero-filled, oldest first, so the chart has a bar slot for every day.
 */
export async function creditUsageByDay(
  db: Db,
  accountId: string,
  timeZone: string,
  days: number,
): Promise<UsageDay[]> {
  const day = sql<string>`to_char((${creditLedger.createdAt} at time zone ${timeZone})::date, 'YYYY-MM-DD')`;
  const rows = await db
    .select({ day, channel: creditLedger.channel, used: sql<number>`(-sum(${creditLedger.amount}))::int` })
    .from(creditLedger)
    .where(
      and(
        eq(creditLedger.accountId, accountId),
        inArray(creditLedger.kind, ["charge", "refund"]),
        gte(
          creditLedger.createdAt,
          sql`(date_trunc('day', now() at time zone ${timeZone}) at time zone ${timeZone}) - make_interval(days => ${days - 1})`,
        ),
      ),
    )
    // By position: the time zone is a bind parameter, so the expression itself would not match.
    .groupBy(sql`1`, creditLedger.channel);
  const out = localDays(timeZone, days).map((d) => ({ day: d, sms: 0, email: 0, webhook: 0 }) as UsageDay);
  const index = new Map(out.map((d) => [d.day, d]));
  for (const row of rows) {
    const slot = index.get(row.day);
    // A charge always names its channel; a ledger row without one is not a message and not usage.
    if (slot && row.channel && (CHANNELS as readonly string[]).includes(row.channel))
      slot[row.channel] += row.used;
  }
  return out;
}

export type LedgerRow = {
  id: number;
  kind: "grant" | "charge" | "refund";
  amount: number;
  balanceAfter: number;
  channel: Channel | null;
  note: string | null;
  deliveryId: string | null;
  callId: string | null;
  createdAt: Date;
};

/**
 * One page of the ledger, newest first by (created_at, id). Keyset: `before` is the last id of the
 * previous page, and its exact (microsecond) time is read in the database, so a page never skips
 * or repeats rows, and the cursor can't be pointed at another account's row.
 */
export async function ledgerPage(
  db: Db,
  accountId: string,
  opts: { before?: number | null; limit?: number } = {},
) {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 1000);
  const rows: LedgerRow[] = await db
    .select({
      id: creditLedger.id,
      kind: creditLedger.kind,
      amount: creditLedger.amount,
      balanceAfter: creditLedger.balanceAfter,
      channel: creditLedger.channel,
      note: creditLedger.note,
      deliveryId: creditLedger.deliveryId,
      // The join is on the delivery's account too, so a row can never point into another account.
      callId: deliveries.callId,
      createdAt: creditLedger.createdAt,
    })
    .from(creditLedger)
    .leftJoin(
      deliveries,
      and(eq(deliveries.id, creditLedger.deliveryId), eq(deliveries.accountId, accountId)),
    )
    .where(
      and(
        eq(creditLedger.accountId, accountId),
        opts.before
          ? sql`(${creditLedger.createdAt}, ${creditLedger.id}) < (select c.created_at, c.id from credit_ledger c where c.id = ${opts.before} and c.account_id = ${accountId})`
          : undefined,
      ),
    )
    .orderBy(desc(creditLedger.createdAt), desc(creditLedger.id))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  return { rows: page, nextBefore: hasMore ? page[page.length - 1]!.id : null };
}

/** Every ledger row, newest first, in pages: for the CSV export without holding it all in memory. */
export async function* allLedgerRows(db: Db, accountId: string) {
  let before: number | null = null;
  do {
    const page = await ledgerPage(db, accountId, { before, limit: 1000 });
    yield* page.rows;
    before = page.nextBefore;
  } while (before);
}

export async function creditSummary(db: Db, accountId: string) {
  const [row] = await db
    .select({
      balance: accounts.creditBalance,
      threshold: accounts.lowBalanceThreshold,
      alertedAt: accounts.lowBalanceAlertedAt,
    })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return row ?? null;
}

/** Owner-only: the balance below which the owners are emailed once (null turns the alert off). */
export async function setLowBalanceThreshold(
  db: Db,
  actor: Actor & { userId: string },
  accountId: string,
  threshold: number | null,
) {
  await db.transaction(async (tx) => {
    const [me] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, actor.userId)));
    if (me?.role !== "owner") throw AppError.forbidden("Only owners can change the low-balance alert.");
    const [before] = await tx
      .select({ threshold: accounts.lowBalanceThreshold })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .for("update");
    // A new threshold starts a fresh alert cycle: the next crossing below it emails again.
    await tx
      .update(accounts)
      .set({ lowBalanceThreshold: threshold, lowBalanceAlertedAt: null })
      .where(eq(accounts.id, accountId));
    await audit(tx, {
      accountId,
      actor,
      action: "credits.threshold_updated",
      target: threshold === null ? "off" : String(threshold),
      meta: { from: before?.threshold ?? null, to: threshold },
    });
  });
}

/**
 * The operator's grant: the balance and its ledger entry change in one transaction, with an audit
 * entry. `accountId` picks among several accounts the owner holds.
 */
export async function grantCredits(
  db: Db,
  input: { email: string; amount: number; note: string; accountId?: string; actorLabel?: string },
) {
  if (!Number.isInteger(input.amount) || input.amount <= 0)
    throw AppError.badRequest("--amount must be a positive whole number.");
  if (!input.note.trim())
    throw AppError.badRequest('--note is required (say why, e.g. --note "Top-up, invoice 1042").');
  const target = await ownedAccount(db, input.email, input.accountId);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(accounts)
      .set({ creditBalance: sql`${accounts.creditBalance} + ${input.amount}` })
      .where(eq(accounts.id, target.accountId))
      .returning({ balance: accounts.creditBalance });
    const [entry] = await tx
      .insert(creditLedger)
      .values({
        accountId: target.accountId,
        kind: "grant",
        amount: input.amount,
        balanceAfter: updated!.balance,
        note: input.note.trim(),
      })
      .returning({ id: creditLedger.id });
    await audit(tx, {
      accountId: target.accountId,
      actor: { userId: null, label: input.actorLabel ?? "operator" },
      action: "credits.granted",
      target: `${input.amount} credits`,
      meta: {
        amount: input.amount,
        note: input.note.trim(),
        ledgerId: entry!.id,
        balanceAfter: updated!.balance,
      },
    });
    return {
      accountId: target.accountId,
      accountName: target.name,
      balance: updated!.balance,
      ledgerId: entry!.id,
    };
  });
}
