import { sql } from "drizzle-orm";
import type { Db } from "@/db";

// Charging and refunding a delivery are transitions of its lifecycle: db/queries/delivery-lifecycle.ts.

/** The ledger's sum and the balance, which must always agree. */
export async function ledgerTotals(db: Db, accountId: string) {
  const [row] = await db.execute<{ ledger: string; balance: number }>(sql`
    select coalesce((select sum(amount) from credit_ledger where account_id = ${accountId}), 0)::text as ledger,
           (select credit_balance from accounts where id = ${accountId}) as balance`);
  return { ledger: Number(row!.ledger), balance: Number(row!.balance) };
}
