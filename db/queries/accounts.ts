import { and, asc, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { accounts, creditLedger, memberships, type Role } from "@/db/schema";
import { newId } from "@/lib/ids";

/** A new workspace owned by `userId`, with its opening credits written to the ledger. */
export async function createAccountForUser(
  tx: Tx | Db,
  input: { userId: string; name: string; credits: number; note?: string },
) {
  const id = newId("acc");
  await tx.insert(accounts).values({ id, name: input.name, creditBalance: input.credits });
  await tx.insert(memberships).values({ userId: input.userId, accountId: id, role: "owner" });
  if (input.credits > 0) {
    await tx.insert(creditLedger).values({
      accountId: id,
      kind: "grant",
      amount: input.credits,
      balanceAfter: input.credits,
      note: input.note ?? "Sign-up credits",
    });
  }
  return id;
}

export type Membership = { accountId: string; accountName: string; role: Role };

/** The user's memberships, oldest first: the first is the default account. */
export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  return db
    .select({ accountId: memberships.accountId, accountName: accounts.name, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}

export async function getAccount(db: Db, accountId: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, accountId));
  return row ?? null;
}

export async function roleOf(db: Db, userId: string, accountId: string): Promise<Role | null> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.accountId, accountId)));
  return row?.role ?? null;
}
