import type { CallMessage } from "@/db/queries/attempt-context";
import { actionResult, REFUNDED_RECEIPTS } from "@/lib/delivery/receipts";
import type { ActionResultView } from "@/lib/messages/webhook-payload";

/**
 * `data.actions`: the call's SMS and email deliveries as they stood when the webhook's attempt read
 * them (db/queries/attempt-context.ts). A webhook's first job only starts once each of them has reached
 * a first outcome (its first attempt recorded, or a final status) — the statement recording the last
 * of those starts it — or once ACTIONS_WAIT_MS has passed since the call was stored (lib/jobs/queue.ts).
 * So there is nothing to wait for here.
 */
export function messageActions(rows: CallMessage[]): ActionResultView[] {
  return rows.map((r) => ({
    id: r.actionId ?? r.id,
    channel: r.channel,
    to: r.destination,
    status: actionResult(r),
    credits: r.credits,
    error: r.receipt && REFUNDED_RECEIPTS.includes(r.receipt) ? r.receiptDetail : r.reason,
  }));
}
