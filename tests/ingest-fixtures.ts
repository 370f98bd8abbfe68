import { Webhook } from "standardwebhooks";
import type { Db } from "@/db";
import { createAccountForUser } from "@/db/queries/accounts";
import { agentNumbers, postCallActions, users } from "@/db/schema";
import { newId } from "@/lib/ids";

/**
 * Test helpers for call-end events. Signatures come from the official `standardwebhooks` package, not
 * from our own signing code, so a bug in lib/delivery/sign.ts cannot hide itself.
 */
export const TEST_SECRET = process.env.TELEPHONY_WEBHOOK_SECRET!;

export async function makeAccount(db: Db, agentNumber: string, opts: { actions?: Partial<typeof postCallActions.$inferInsert>[] } = {}) {
  const [user] = await db.insert(users).values({ email: `${newId("u")}@test.dev` }).returning();
  const accountId = await createAccountForUser(db, { userId: user!.id, name: "Test Co", credits: 1000 });
  await db.insert(agentNumbers).values({ id: newId("num"), accountId, e164: agentNumber });
  for (const [position, a] of (opts.actions ?? []).entries()) {
    await db.insert(postCallActions).values({
      id: newId("act"),
      accountId,
      position,
      channel: "sms",
      destination: "+61400000001",
      ...a,
    });
  }
  return { accountId, userId: user!.id };
}

export function eventBody(overrides: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) {
  return {
    type: "call.ended",
    ...envelope,
    data: {
      call_id: `CA${Math.random().toString(16).slice(2)}`,
      to: "+61290001234",
      from: "+61412345678",
      direction: "inbound",
      status: "completed",
      started_at: "2026-11-24T09:00:00Z",
      ended_at: "2026-11-24T09:03:12Z",
      contact_name: "Jane Citizen",
      summary: "Wants an appraisal of 12 Smith St.",
      transcript: [
        { role: "agent", text: "Hi, you've reached Demo Realty.", start_ms: 0, end_ms: 2400 },
        { role: "caller", text: "Hi, I'd like an appraisal.", start_ms: 2900, end_ms: 6100 },
      ],
      recording_url: "https://recordings.example.com/1.mp3",
      ...overrides,
    },
  };
}

export function signedRequest(
  body: string,
  opts: { id?: string; date?: Date; secret?: string; headers?: Record<string, string>; url?: string } = {},
) {
  const id = opts.id ?? newId("evt");
  const date = opts.date ?? new Date();
  const signature = new Webhook(opts.secret ?? TEST_SECRET).sign(id, date, body);
  return new Request(opts.url ?? "http://localhost:3000/api/v1/call-events", {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(date.getTime() / 1000)),
      "webhook-signature": signature,
      ...opts.headers,
    },
  });
}
