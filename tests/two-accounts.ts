import { db } from "@/db";
import {
  auditLog,
  calls,
  creditLedger,
  deliveries,
  invitations,
  postCallActions,
  users,
  type Role,
} from "@/db/schema";
import { createAccountForUser } from "@/db/queries/accounts";
import { memberships } from "@/db/schema";
import { sha256Hex } from "@/lib/crypto";
import { newId } from "@/lib/ids";

/** A user with an email, for team tests. */
export async function makeUser(email: string) {
  const [user] = await db.insert(users).values({ email }).returning();
  return user!;
}

export async function addMember(accountId: string, email: string, role: Role) {
  const user = await makeUser(email);
  await db.insert(memberships).values({ userId: user.id, accountId, role });
  return user;
}

/**
 * An account with something in every table the account pages read: calls, deliveries in every state,
 * ledger rows of every kind, a disabled endpoint, an invitation and audit entries. `tag` marks its
 * rows so a test can tell whose rows a query returned.
 */
export async function accountWithActivity(tag: string) {
  const owner = await makeUser(`owner-${tag}@example.test`);
  const accountId = await createAccountForUser(db, {
    userId: owner.id,
    name: `Account ${tag}`,
    credits: 1000,
  });
  const now = Date.now();
  const callIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = newId("call");
    callIds.push(id);
    await db.insert(calls).values({
      id,
      accountId,
      eventId: `${tag}-evt-${i}`,
      externalId: `${tag}-CA${i}`,
      agentNumber: `+6129000${tag === "a" ? "1" : "2"}00${i}`,
      direction: "inbound",
      status: "completed",
      fromNumber: "+61412345678",
      toNumber: "+61290000000",
      callerNumber: "+61412345678",
      startedAt: new Date(now - 60_000 - i * 1000),
      endedAt: new Date(now - i * 1000),
      durationSeconds: 60,
      summary: `${tag} call ${i}`,
    });
  }
  const [action] = await db
    .insert(postCallActions)
    .values({
      id: newId("act"),
      accountId,
      position: 0,
      channel: "webhook",
      destination: `https://${tag}.example.test/hook`,
      disabledReason: "gone",
      disabledAt: new Date(),
    })
    .returning();
  const mk = (
    status: "sent" | "failed" | "skipped",
    channel: "sms" | "email" | "webhook",
    callId: string,
    reason: string | null = null,
  ) => ({
    id: newId("dlv"),
    accountId,
    callId,
    actionId: null,
    channel,
    destination: `${tag}-${channel}`,
    status,
    reason,
    messageId: newId("msg"),
  });
  const dl = [
    mk("sent", "sms", callIds[0]!),
    mk("sent", "email", callIds[0]!),
    mk("failed", "email", callIds[1]!, "provider_error"),
    mk("skipped", "sms", callIds[2]!, "insufficient_credits"),
  ];
  await db.insert(deliveries).values(dl);
  // Charges for the two sent, a charge and refund for the failed one: balance 1000 - 10 - 20 - 20 + 20 = 970.
  const ledger = [
    {
      kind: "charge" as const,
      amount: -10,
      balanceAfter: 990,
      deliveryId: dl[0]!.id,
      channel: "sms" as const,
    },
    {
      kind: "charge" as const,
      amount: -20,
      balanceAfter: 970,
      deliveryId: dl[1]!.id,
      channel: "email" as const,
    },
    {
      kind: "charge" as const,
      amount: -20,
      balanceAfter: 950,
      deliveryId: dl[2]!.id,
      channel: "email" as const,
    },
    {
      kind: "refund" as const,
      amount: 20,
      balanceAfter: 970,
      deliveryId: dl[2]!.id,
      channel: "email" as const,
    },
  ];
  await db.insert(creditLedger).values(ledger.map((l) => ({ ...l, accountId, note: `${tag} ledger` })));
  const { eq } = await import("drizzle-orm");
  const { accounts } = await import("@/db/schema");
  await db
    .update(accounts)
    .set({ creditBalance: 970, lowBalanceThreshold: 5000 })
    .where(eq(accounts.id, accountId));
  await db.insert(invitations).values({
    id: newId("inv"),
    accountId,
    email: `invitee-${tag}@example.test`,
    role: "viewer",
    tokenHash: sha256Hex(`token-${tag}`),
    expiresAt: new Date(now + 86400_000),
  });
  await db
    .insert(auditLog)
    .values({ accountId, actorLabel: owner.email, action: `test.${tag}`, target: tag });
  return { accountId, owner, callIds, actionId: action!.id, deliveryIds: dl.map((d) => d.id), tag };
}
