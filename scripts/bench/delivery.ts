import postgres from "postgres";
import { summarize } from "./stats";
import type { startReceiver } from "./receiver";
import type { startFakeTwilio } from "@/tests/fakes/twilio";
import type { startFakeResend } from "@/tests/fakes/resend";

type Providers = { receiver: Awaited<ReturnType<typeof startReceiver>>; twilio: Awaited<ReturnType<typeof startFakeTwilio>>; resend: Awaited<ReturnType<typeof startFakeResend>> };

/**
 * Per channel, from each call's 202 to its message reaching the (fake) provider or the receiver.
 * Webhooks are matched by the call id in their verified payload; SMS and email by the provider id the
 * worker stored on the delivery. Waits up to `drainMs` for stragglers; whatever has not arrived by
 * then is lost.
 */
export async function deliveryLatency(
  databaseUrl: string,
  accepted: Record<string, number>,
  channels: ("sms" | "email" | "webhook")[],
  p: Providers,
  drainMs = 30_000,
) {
  const callIds = Object.keys(accepted);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const arrivals = async () => {
      const sms = new Map(p.twilio.messages.map((m) => [m.sid, m.receivedAt]));
      const email = new Map(p.resend.emails.map((m) => [m.id, m.receivedAt]));
      const rows = channels.some((c) => c !== "webhook")
        ? await sql<{ call_id: string; channel: "sms" | "email"; provider_message_id: string | null }[]>`
            select call_id, channel, provider_message_id from deliveries where call_id = any(${callIds}) and channel in ('sms', 'email')`
        : [];
      const at: Record<string, Map<string, number>> = { sms: new Map(), email: new Map(), webhook: new Map() };
      for (const r of rows) {
        const t = r.provider_message_id ? (r.channel === "sms" ? sms : email).get(r.provider_message_id) : undefined;
        if (t !== undefined) at[r.channel]!.set(r.call_id, t);
      }
      for (const id of callIds) {
        const t = p.receiver.received.get(id);
        if (t !== undefined) at.webhook!.set(id, t);
      }
      return at;
    };
    const until = Date.now() + drainMs;
    let at = await arrivals();
    while (channels.some((c) => at[c]!.size < callIds.length) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      at = await arrivals();
    }
    return Object.fromEntries(
      channels.map((c) => {
        const lat = callIds.filter((id) => at[c]!.has(id)).map((id) => at[c]!.get(id)! - accepted[id]!);
        return [c, { calls: callIds.length, latencyMs: summarize(lat), lost: callIds.length - lat.length }];
      }),
    );
  } finally {
    await sql.end();
  }
}
