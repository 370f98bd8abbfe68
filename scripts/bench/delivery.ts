import postgres from "postgres";
import { summarize } from "./stats";
import type { FakeResend } from "@/tests/fakes/resend";
import type { FakeTwilio } from "@/tests/fakes/twilio";
import type { WebhookReceiver } from "@/tests/fakes/webhook-receiver";

type Providers = { receiver: WebhookReceiver; twilio: FakeTwilio; resend: FakeResend };

/** When each call's first verified webhook arrived; reads only what arrived since the last call. */
const firstWebhook = new WeakMap<WebhookReceiver, { read: number; at: Map<string, number> }>();
function webhookArrivals(receiver: WebhookReceiver): Map<string, number> {
  let seen = firstWebhook.get(receiver);
  if (!seen) firstWebhook.set(receiver, (seen = { read: 0, at: new Map() }));
  for (; seen.read < receiver.received.length; seen.read++) {
    const r = receiver.received[seen.read]!;
    if (r.verifiedWith === null) continue; // an unverified webhook counts as lost
    const id = (JSON.parse(r.body) as { data?: { call?: { id?: string } } }).data?.call?.id;
    if (id && !seen.at.has(id)) seen.at.set(id, r.receivedAt);
  }
  return seen.at;
}

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
      const webhooks = webhookArrivals(p.receiver);
      for (const id of callIds) {
        const t = webhooks.get(id);
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

/**
 * Transactions committed and rolled back in the benchmark's database so far. A PostgreSQL 15 backend
 * that reported less than a second before going idle holds its counts until it has been idle for 10 s,
 * so this waits 11 s for the ones just finished to arrive.
 */
export async function transactionCount(databaseUrl: string): Promise<number> {
  await new Promise((r) => setTimeout(r, 11_000));
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: string }[]>`
      select (xact_commit + xact_rollback)::text as n from pg_stat_database where datname = current_database()`;
    return Number(row!.n);
  } finally {
    await sql.end();
  }
}
