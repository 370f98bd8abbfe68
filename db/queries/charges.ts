import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { accounts, creditLedger, deliveries } from "@/db/schema";
import { isUniqueViolation } from "@/lib/errors";
import type { Channel } from "@/lib/pricing";

/**
 * Charges and refunds move the ledger and the balance together, atomically. The unique
 * (delivery_id, kind) index makes each exactly-once: a second charge of the same delivery (a retry,
 * a crash-recovered job, a resend) fails its insert and rolls back its own balance change.
 */
export type ChargeResult = "charged" | "already_charged" | "insufficient_credits";

/**
 * One statement, not a transaction of four: the balance update locks the account's row until commit,
 * and every SMS and email of the account charges that same row — at 100 messages a second, holding it
 * across client round trips queued the whole worker behind it (bench: seconds of wait per message).
 */
export async function chargeDelivery(
  db: Db,
  d: { id: string; accountId: string; channel: Channel },
  cost: number,
): Promise<ChargeResult> {
  if (cost <= 0) return "charged";
  try {
    const [row] = await db.execute<{ charged: boolean; already: boolean }>(sql`
      with already as (
        select exists (select 1 from credit_ledger where delivery_id = ${d.id} and kind = 'charge') as yes
      ),
      account as (
        -- The guard keeps the balance from going below zero (the CHECK would refuse it anyway).
        update accounts set credit_balance = credit_balance - ${cost}
         where id = ${d.accountId} and credit_balance >= ${cost} and not (select yes from already)
        returning credit_balance
      ),
      ledger as (
        insert into credit_ledger (account_id, kind, amount, balance_after, delivery_id, channel)
        select ${d.accountId}, 'charge', ${-cost}::int, credit_balance, ${d.id}, ${d.channel}::channel from account
        returning delivery_id
      ),
      delivery as (
        update deliveries set credits = ${cost}, updated_at = now() where id in (select delivery_id from ledger)
      )
      select exists (select 1 from ledger) as charged, (select yes from already) as already`);
    if (row!.charged) return "charged";
    return row!.already ? "already_charged" : "insufficient_credits";
  } catch (error) {
    if (isUniqueViolation(error)) return "already_charged";
    throw error;
  }
}

/**
 * Gives back what a delivery was charged, once, inside the caller's transaction (the one that marks
 * it failed). Nothing happens when it was never charged or is already refunded.
 */
export async function refundDelivery(tx: Tx, d: { id: string; accountId: string; channel: Channel }): Promise<number> {
  const [charge] = await tx
    .select({ amount: creditLedger.amount })
    .from(creditLedger)
    .where(and(eq(creditLedger.deliveryId, d.id), eq(creditLedger.kind, "charge")));
  if (!charge) return 0;
  const [refunded] = await tx
    .select({ id: creditLedger.id })
    .from(creditLedger)
    .where(and(eq(creditLedger.deliveryId, d.id), eq(creditLedger.kind, "refund")));
  if (refunded) return 0;
  const amount = -charge.amount;
  const [acct] = await tx
    .update(accounts)
    .set({ creditBalance: sql`${accounts.creditBalance} + ${amount}` })
    .where(eq(accounts.id, d.accountId))
    .returning({ balance: accounts.creditBalance });
  await tx.insert(creditLedger).values({
    accountId: d.accountId,
    kind: "refund",
    amount,
    balanceAfter: acct!.balance,
    deliveryId: d.id,
    channel: d.channel,
    note: "Refund: delivery failed",
  });
  await tx.update(deliveries).set({ credits: 0 }).where(eq(deliveries.id, d.id));
  return amount;
}

/** The ledger's sum and the balance, which must always agree. */
export async function ledgerTotals(db: Db, accountId: string) {
  const [row] = await db.execute<{ ledger: string; balance: number }>(sql`
    select coalesce((select sum(amount) from credit_ledger where account_id = ${accountId}), 0)::text as ledger,
           (select credit_balance from accounts where id = ${accountId}) as balance`);
  return { ledger: Number(row!.ledger), balance: Number(row!.balance) };
}
