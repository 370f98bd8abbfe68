import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { accounts, creditLedger, memberships, users, type Role } from "@/db/schema";
import { audit } from "@/db/audit";
import { AppError } from "@/lib/errors";
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

/**
 * Command-line commands name an account by its owner's email: the one account that user owns, or the
 * one `accountId` picks among several. Errors say how to fix the command.
 */
export async function ownedAccount(db: Db, emailInput: string, accountId?: string): Promise<{ accountId: string; name: string }> {
  const email = emailInput.trim().toLowerCase();
  const owned = await db
    .select({ accountId: accounts.id, name: accounts.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(sql`lower(${users.email}) = ${email}`, eq(memberships.role, "owner")))
    .orderBy(asc(memberships.createdAt));
  if (owned.length === 0) throw AppError.notFound(`No account is owned by ${email}.`);
  if (accountId) {
    const match = owned.find((o) => o.accountId === accountId);
    if (!match) throw AppError.notFound(`${email} does not own account ${accountId}.`);
    return match;
  }
  if (owned.length > 1) {
    throw AppError.conflict(
      `${email} owns ${owned.length} accounts; pick one with --account: ${owned.map((o) => `${o.accountId} (${o.name})`).join(", ")}`,
    );
  }
  return owned[0]!;
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

export type AccountSettings = { name: string; defaultCountry: string; timeZone: string; recordingRetentionMonths: number };

/** Owners only (checked here, under a lock, as well as in the action); audited with what changed. */
export async function updateAccountSettings(db: Db, actor: { userId: string; label: string }, accountId: string, input: AccountSettings) {
  return db.transaction(async (tx) => {
    const [me] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.accountId, accountId), eq(memberships.userId, actor.userId)));
    if (me?.role !== "owner") throw AppError.forbidden("Only owners can change account settings.");
    const [before] = await tx.select().from(accounts).where(eq(accounts.id, accountId)).for("update");
    if (!before) throw AppError.notFound("Account not found.");
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ["name", "defaultCountry", "timeZone", "recordingRetentionMonths"] as const) {
      if (before[key] !== input[key]) changes[key] = { from: before[key], to: input[key] };
    }
    if (Object.keys(changes).length === 0) return { changed: [] as string[] };
    await tx.update(accounts).set(input).where(eq(accounts.id, accountId));
    await audit(tx, { accountId, actor, action: "settings.updated", target: Object.keys(changes).join(", "), meta: changes });
    return { changed: Object.keys(changes) };
  });
}

/** One audit entry per account the user belongs to, so each account's log shows its sign-ins. */
export async function auditSignIn(db: Db, user: { id: string; email: string }, method: string) {
  const list = await db.select({ accountId: memberships.accountId }).from(memberships).where(eq(memberships.userId, user.id));
  for (const m of list) {
    await audit(db, { accountId: m.accountId, actor: { userId: user.id, label: user.email }, action: "auth.sign_in", target: user.email, meta: { method } });
  }
}

/** The account's owners' email addresses, newest owner first (alerts go to them). */
export async function ownerEmails(db: Db, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, "owner")))
    .orderBy(desc(memberships.createdAt));
  return rows.map((r) => r.email);
}
