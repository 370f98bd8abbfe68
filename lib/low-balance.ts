import { and, eq } from "drizzle-orm";
import { LowBalanceEmail, lowBalanceSubject } from "@/components/emails/low-balance-email";
import type { Db } from "@/db";
import { accounts, memberships, users } from "@/db/schema";
import { sendEmail } from "@/lib/delivery/email";
import { getEnv } from "@/lib/env";
import { logger, maskEmail } from "@/lib/logger";
import { renderEmail } from "@/lib/messages/render-email";

const log = logger("low-balance");

/**
 * Emails the account's owners once when the balance is below the low-balance threshold. The
 * `low_balance_alerted_at` mark (set under a row lock) makes it once, however many charges race; it
 * is cleared when the balance is back at or above the threshold, so the next crossing alerts again.
 * Call after each charge (the delivery worker) and after grants.
 */
export async function maybeAlertLowBalance(
  db: Db,
  accountId: string,
): Promise<{ alerted: boolean; to: string[] }> {
  // Called after every charge: look first without a lock, so the common case (nothing to change)
  // does not queue behind the charges that update the same account row. The locked path re-checks.
  const [seen] = await db
    .select({ balance: accounts.creditBalance, threshold: accounts.lowBalanceThreshold, alertedAt: accounts.lowBalanceAlertedAt })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  const belowNow = !!seen && seen.threshold !== null && seen.balance < seen.threshold;
  if (!seen || belowNow === (seen.alertedAt !== null)) return { alerted: false, to: [] };

  const decision = await db.transaction(async (tx) => {
    const [account] = await tx
      .select({
        name: accounts.name,
        balance: accounts.creditBalance,
        threshold: accounts.lowBalanceThreshold,
        alertedAt: accounts.lowBalanceAlertedAt,
      })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .for("update");
    if (!account) return null;
    const below = account.threshold !== null && account.balance < account.threshold;
    if (!below) {
      if (account.alertedAt)
        await tx.update(accounts).set({ lowBalanceAlertedAt: null }).where(eq(accounts.id, accountId));
      return null;
    }
    if (account.alertedAt) return null;
    await tx.update(accounts).set({ lowBalanceAlertedAt: new Date() }).where(eq(accounts.id, accountId));
    const owners = await tx
      .select({ email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "owner")));
    return { ...account, threshold: account.threshold!, owners: owners.map((o) => o.email) };
  });
  if (!decision) return { alerted: false, to: [] };

  const props = { accountName: decision.name, balance: decision.balance, threshold: decision.threshold, creditsUrl: `${getEnv().APP_URL}/credits` };
  const element = LowBalanceEmail(props);
  const { html, text } = await renderEmail(element);
  const subject = lowBalanceSubject(props);
  for (const to of decision.owners) {
    try {
      await sendEmail({
        accountId,
        to,
        subject,
        text,
        html,
        kind: "alert",
        idempotencyKey: `low-balance:${accountId}:${to}:${Date.now()}`,
      });
    } catch (error) {
      // One owner's bounce must not stop the others' alert; the mark stays, so no storm of retries.
      log.error({ err: error, to: maskEmail(to) }, "low-balance alert failed to send");
    }
  }
  return { alerted: true, to: decision.owners };
}
