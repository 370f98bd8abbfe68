import type { Db } from "@/db";
import { callDeliveries } from "@/db/queries/calls";
import { actionCreditsLabel } from "@/components/calls/action-result";
import type { DeliveryReceipt, DeliveryStatus } from "@/db/schema";
import { actionResult, type ActionResult } from "@/lib/delivery/receipts";
import { formatDateTime } from "@/lib/format-time";
import { formatPhone } from "@/lib/phone";
import type { Channel } from "@/lib/pricing";

const REASON_LABEL: Record<string, string> = {
  insufficient_credits: "Not enough credits",
  endpoint_disabled: "Endpoint disabled",
};

function formatLatency(ms: number) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A call's post-call action as its page shows it, formatted on the server (see lib/dashboard/calls-page.ts). */
export type CallDeliveryItem = {
  id: string;
  channel: Channel;
  destination: string;
  status: DeliveryStatus;
  /** The status as receipts refine it (lib/delivery/receipts.ts). */
  result: ActionResult;
  credits: string;
  test: boolean;
  receipt: DeliveryReceipt | null;
  receiptDetail: string | null;
  receiptAt: string | null;
  reason: string | null;
  attempts: { id: string; attemptNumber: number; startedAt: string; outcome: string; statusCode: number | null; latency: string | null; error: string | null }[];
};

export type CallDeliveriesData = { actions: CallDeliveryItem[]; timeZone: string; readAt: number };

export async function loadCallDeliveries(db: Db, accountId: string, callId: string, timeZone: string): Promise<CallDeliveriesData> {
  const rows = await callDeliveries(db, accountId, callId);
  const actions = rows.map((d) => ({
    id: d.id,
    channel: d.channel,
    destination: d.channel === "sms" ? formatPhone(d.destination) : d.destination,
    status: d.status,
    result: actionResult(d),
    credits: actionCreditsLabel(d),
    test: d.test,
    receipt: d.receipt,
    receiptDetail: d.receiptDetail,
    receiptAt: d.receiptAt?.toISOString() ?? null,
    reason: d.reason ? (REASON_LABEL[d.reason] ?? d.reason) : null,
    attempts: d.attempts.map((a) => ({
      id: String(a.id),
      attemptNumber: a.attemptNumber,
      startedAt: formatDateTime(a.startedAt, timeZone, { seconds: true }),
      outcome: a.outcome === "success" ? "succeeded" : a.outcome === "retryable_error" ? "will retry" : "failed",
      statusCode: a.statusCode,
      latency: a.latencyMs != null ? formatLatency(a.latencyMs) : null,
      // An error that only repeats the status code says nothing more.
      error: a.error && a.error !== `HTTP ${a.statusCode}` ? a.error : null,
    })),
  }));
  return { actions, timeZone, readAt: Date.now() };
}
