import { db } from "@/db";
import { callMessageDeliveries, type Delivery } from "@/db/queries/delivery-lifecycle";
import { actionResult, REFUNDED_RECEIPTS } from "@/lib/delivery/receipts";
import type { ActionResultView } from "@/lib/messages/webhook-payload";
import { watchCall } from "../message-settled";

/** How long a webhook waits for its call's SMS and email to reach a first outcome (docs/architecture.md: 10 s). */
export const ACTIONS_WAIT_MS = 10_000;

export type AwaitOptions = { actionsWaitMs?: number; actionsPollMs?: number };

/**
 * `data.actions`: the call's SMS and email deliveries as they stand once each has reached a first
 * outcome (its first attempt recorded, or a final status), or once the webhook delivery is 10 s old.
 * We poll the database here rather than re-scheduling the job: a deferred pg-boss job is only picked
 * up by the next poll (NOTIFY fires at insert, not at start-after), which would add seconds to every
 * webhook, while messages normally settle in milliseconds. The wait is bounded by the delivery's age,
 * so a retry or a crash-recovered job does not wait again. SMS/email jobs run at a higher priority, so
 * webhooks waiting here never starve them.
 */
export async function messageActions(d: Delivery, opts: AwaitOptions): Promise<ActionResultView[]> {
  if (!d.callId) return [];
  const deadline = d.createdAt.getTime() + (opts.actionsWaitMs ?? ACTIONS_WAIT_MS);
  let pause = opts.actionsPollMs ?? 25;
  for (;;) {
    // Watching before reading: a message that settles after this read wakes the wait below at once
    // (lib/jobs/message-settled.ts); the pause is only the fallback.
    const watch = watchCall(d.callId);
    let rows: Awaited<ReturnType<typeof callMessageDeliveries>>;
    try {
      rows = await callMessageDeliveries(db, d.accountId, d.callId, d.test);
    } catch (error) {
      watch.stop();
      throw error;
    }
    const settled = rows.every((r) => r.status !== "pending" || r.attemptCount > 0);
    if (settled || Date.now() >= deadline) {
      watch.stop();
      return rows.map((r) => ({
        id: r.actionId ?? r.id,
        channel: r.channel as "sms" | "email",
        to: r.destination,
        status: actionResult(r),
        credits: r.credits,
        error: r.receipt && REFUNDED_RECEIPTS.includes(r.receipt) ? r.receiptDetail : r.reason,
      }));
    }
    await watch.wait(Math.min(pause, Math.max(1, deadline - Date.now())));
    pause = opts.actionsPollMs ?? Math.min(pause * 2, 250);
  }
}
