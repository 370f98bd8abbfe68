import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { memberships } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { createAccountForUser } from "./accounts";

/**
 * Gives a user with no membership a workspace of their own. Called on first sign-in and again by the
 * dashboard as a safety net; the advisory lock makes two concurrent calls create one account.
 */
export async function ensureAccountFor(db: Db, user: { id: string; email: string }) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`signup:${user.id}`}))`);
    const existing = await tx.select().from(memberships).where(eq(memberships.userId, user.id)).limit(1);
    if (existing.length > 0) return;
    const name = `${user.email.split("@")[1]?.split(".")[0] ?? "My"} workspace`;
    await createAccountForUser(tx, {
      userId: user.id,
      name: name.charAt(0).toUpperCase() + name.slice(1),
      credits: getEnv().SIGNUP_CREDITS,
    });
  });
}
