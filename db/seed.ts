import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { agentNumbers, agents, calls, contacts, users } from "@/db/schema";
import { createAccountForUser } from "@/db/queries/accounts";
import { newId } from "@/lib/ids";
import { phoneTypeOf } from "@/lib/phone-type";
import { sampleCall } from "@/lib/sample-calls";

export const DEMO = {
  accountName: "Demo Realty",
  ownerEmail: "owner@example.com",
  agentNumber: "+61290000000",
  credits: 10_000,
  sampleCalls: 36,
};

/**
 * The demo account of docs/architecture.md §5. Idempotent: the agent number is unique, so a second run (or a
 * concurrent one) finds it and does nothing.
 */
export async function seedDemo(db: Db): Promise<{ created: boolean; accountId: string }> {
  const [existing] = await db.select().from(agentNumbers).where(eq(agentNumbers.e164, DEMO.agentNumber));
  if (existing) return { created: false, accountId: existing.accountId };

  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: DEMO.ownerEmail, name: "Demo Owner", emailVerified: new Date() })
      .onConflictDoUpdate({ target: users.email, set: { name: "Demo Owner" } })
      .returning();
    const accountId = await createAccountForUser(tx, {
      userId: user!.id,
      name: DEMO.accountName,
      credits: DEMO.credits,
      note: "Demo credits",
    });
    await tx.insert(agentNumbers).values({ id: newId("num"), accountId, e164: DEMO.agentNumber, label: "Main line" });
    // Its agent, as Settings → Phone numbers creates one with a number (db/queries/agents.ts).
    const agentId = newId("agt");
    await tx.insert(agents).values({ id: agentId, accountId, number: DEMO.agentNumber, name: "Main line" });

    const now = Date.now();
    for (let i = 0; i < DEMO.sampleCalls; i++) {
      const c = sampleCall({ agentNumber: DEMO.agentNumber, index: i, endedAt: new Date(now - i * 5.3 * 3600_000) });
      const caller = c.from === "anonymous" ? null : c.from;
      const phoneType = phoneTypeOf(caller);
      let contactId: string | null = null;
      if (caller) {
        const [contact] = await tx
          .insert(contacts)
          .values({ id: newId("ct"), accountId, phone: caller, phoneType, lastCallAt: c.endedAt })
          .onConflictDoUpdate({ target: [contacts.accountId, contacts.phone], set: { lastCallAt: c.endedAt } })
          .returning({ id: contacts.id });
        contactId = contact!.id;
      }
      await tx.insert(calls).values({
        id: newId("call"),
        accountId,
        eventId: `seed_${i}`,
        externalId: c.callId,
        agentNumber: DEMO.agentNumber,
        agentId,
        direction: c.direction,
        status: c.status,
        fromNumber: c.from,
        toNumber: c.to,
        callerNumber: caller,
        contactId,
        contactNameHeard: c.contactName,
        phoneType,
        startedAt: c.startedAt,
        endedAt: c.endedAt,
        durationSeconds: Math.round((c.endedAt.getTime() - c.startedAt.getTime()) / 1000),
        summary: c.summary,
        transcript: c.transcript,
        recordingUrl: c.recordingUrl,
      });
    }
    return { created: true, accountId };
  });
}
