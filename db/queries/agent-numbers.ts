import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db";
import { agentNumbers } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { AppError, isUniqueViolation } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { maskPhone } from "@/lib/logger";

/** The numbers an account's agents answer on: call-end events are routed to the account by them. */
export async function listAgentNumbers(db: Db, accountId: string) {
  return db
    .select()
    .from(agentNumbers)
    .where(eq(agentNumbers.accountId, accountId))
    .orderBy(asc(agentNumbers.createdAt), asc(agentNumbers.id));
}

/**
 * Adds a number (already E.164). A number is one account's only: the unique index decides, so two
 * accounts adding it at once cannot both win, and the loser gets a field error, not a 500.
 */
export async function addAgentNumber(db: Db, accountId: string, input: { e164: string; label: string | null }, actor: Actor) {
  try {
    return await db.transaction(async (tx) => {
      const id = newId("num");
      await tx.insert(agentNumbers).values({ id, accountId, e164: input.e164, label: input.label });
      await audit(tx, { accountId, actor, action: "agent_number.added", target: id, meta: { number: maskPhone(input.e164) } });
      return id;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const [owner] = await db.select({ accountId: agentNumbers.accountId }).from(agentNumbers).where(eq(agentNumbers.e164, input.e164));
    const message =
      owner?.accountId === accountId
        ? "This number is already on your list."
        : "This number is used by another Aftercall account. Ask its owner to remove it, or contact support.";
    throw new AppError(409, "conflict", message, [{ field: "number", message }]);
  }
}

export async function removeAgentNumber(db: Db, accountId: string, id: string, actor: Actor) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(agentNumbers)
      .where(and(eq(agentNumbers.accountId, accountId), eq(agentNumbers.id, id)))
      .returning({ e164: agentNumbers.e164 });
    if (!row) throw AppError.notFound("This number was already removed.");
    await audit(tx, { accountId, actor, action: "agent_number.removed", target: id, meta: { number: maskPhone(row.e164) } });
  });
}
