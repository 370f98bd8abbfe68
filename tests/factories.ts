import { db } from "@/db";
import { accounts, agentNumbers, calls, contacts, creditLedger, deliveries, memberships, postCallActions, users, type TranscriptEntry } from "@/db/schema";
import { newId } from "@/lib/ids";
import { enqueueDeliveries } from "@/lib/jobs/queue";
import type { Channel } from "@/lib/pricing";

/**
 * Test data straight into the database, shaped as ingest stores it: an account with an owner, an agent
 * number, post-call actions, a call, and one pending delivery per action enqueued in the same
 * transaction (lib/jobs/queue.ts).
 */
export async function createAccount(opts: { credits?: number; ownerEmail?: string; timeZone?: string } = {}) {
  const accountId = newId("acc");
  const credits = opts.credits ?? 10_000;
  const email = opts.ownerEmail ?? `owner-${accountId}@example.com`;
  const number = `+6129${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  await db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ email }).returning();
    await tx.insert(accounts).values({ id: accountId, name: "Test Realty", creditBalance: credits, timeZone: opts.timeZone ?? "Australia/Sydney" });
    await tx.insert(memberships).values({ userId: user!.id, accountId, role: "owner" });
    if (credits > 0) await tx.insert(creditLedger).values({ accountId, kind: "grant", amount: credits, balanceAfter: credits, note: "test" });
    await tx.insert(agentNumbers).values({ id: newId("num"), accountId, e164: number });
  });
  return { accountId, ownerEmail: email, agentNumber: number };
}

export type ActionSpec = { channel: Channel; destination: string };

export async function createActions(accountId: string, specs: ActionSpec[]) {
  const rows = specs.map((s, position) => ({ id: newId("act"), accountId, position, channel: s.channel, destination: s.destination }));
  if (rows.length) await db.insert(postCallActions).values(rows);
  return rows;
}

export type CallSpec = {
  callerNumber?: string | null;
  contactNameHeard?: string | null;
  savedContactName?: string | null;
  summary?: string | null;
  transcript?: TranscriptEntry[];
  recordingUrl?: string | null;
  durationSeconds?: number;
  status?: "completed" | "no-answer" | "busy" | "failed" | "canceled";
};

export const SAMPLE_TRANSCRIPT: TranscriptEntry[] = [
  { role: "agent", text: "Hi, you've reached Test Realty.", start_ms: 0, end_ms: 2000 },
  { role: "caller", text: "I'd like an appraisal of 12 Smith St.", start_ms: 2500, end_ms: 5000 },
];

/** A call and its deliveries (one per action), enqueued in one transaction like ingest does. */
export async function createCall(
  account: { accountId: string; agentNumber: string },
  actions: { id: string; channel: Channel; destination: string }[],
  spec: CallSpec = {},
) {
  const callId = newId("call");
  const caller = spec.callerNumber === undefined ? "+61412345678" : spec.callerNumber;
  const duration = spec.durationSeconds ?? 192;
  const endedAt = new Date(Date.now() - 5_000);
  const deliveryIds: string[] = [];
  await db.transaction(async (tx) => {
    let contactId: string | null = null;
    if (caller) {
      const [contact] = await tx
        .insert(contacts)
        .values({ id: newId("ctc"), accountId: account.accountId, phone: caller, name: spec.savedContactName ?? null, saved: !!spec.savedContactName, phoneType: "mobile" })
        .onConflictDoUpdate({ target: [contacts.accountId, contacts.phone], set: { lastCallAt: new Date() } })
        .returning({ id: contacts.id });
      contactId = contact!.id;
    }
    await tx.insert(calls).values({
      id: callId,
      accountId: account.accountId,
      eventId: newId("evt"),
      externalId: newId("CA"),
      agentNumber: account.agentNumber,
      direction: "inbound",
      status: spec.status ?? "completed",
      fromNumber: caller ?? "anonymous",
      toNumber: account.agentNumber,
      callerNumber: caller,
      contactId,
      contactNameHeard: spec.contactNameHeard ?? null,
      phoneType: "mobile",
      startedAt: new Date(endedAt.getTime() - duration * 1000),
      endedAt,
      durationSeconds: duration,
      summary: spec.summary === undefined ? "Wants an appraisal of 12 Smith St before listing." : spec.summary,
      transcript: spec.transcript ?? SAMPLE_TRANSCRIPT,
      recordingUrl: spec.recordingUrl === undefined ? "https://platform.example/rec/1.mp3" : spec.recordingUrl,
    });
    const enqueued: { id: string; channel: Channel; awaitingMessages: number }[] = [];
    // As ingest does: each webhook waits for the call's SMS and email (db/queries/delivery-lifecycle.ts).
    const messages = actions.filter((a) => a.channel !== "webhook").length;
    for (const a of actions) {
      const id = newId("dlv");
      const awaitingMessages = a.channel === "webhook" ? messages : 0;
      deliveryIds.push(id);
      enqueued.push({ id, channel: a.channel, awaitingMessages });
      await tx.insert(deliveries).values({
        id,
        accountId: account.accountId,
        callId,
        actionId: a.id,
        channel: a.channel,
        destination: a.destination,
        messageId: newId("msg"),
        awaitingMessages,
      });
    }
    await enqueueDeliveries(tx, enqueued);
  });
  return { callId, deliveryIds };
}

/** A test delivery not about a stored call (Developer Tools' "send test event"). */
export async function createTestDelivery(accountId: string, channel: Channel, destination: string, opts: { enqueue?: boolean } = {}) {
  const id = newId("dlv");
  await db.transaction(async (tx) => {
    await tx.insert(deliveries).values({ id, accountId, callId: null, actionId: null, channel, destination, messageId: newId("msg"), test: true });
    if (opts.enqueue !== false) await enqueueDeliveries(tx, [{ id, channel }]);
  });
  return id;
}
