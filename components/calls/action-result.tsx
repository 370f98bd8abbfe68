import { CircleCheck, CircleX, Clock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { DeliveryReceipt } from "@/db/schema";
import { ACTION_RESULT_LABEL, REFUNDED_RECEIPTS, type ActionResult } from "@/lib/delivery/receipts";
import { formatDateTime } from "@/lib/format-time";
import { CREDITS_PER_MESSAGE, formatCredits } from "@/lib/pricing";

const VARIANT: Record<ActionResult, "default" | "success" | "warning" | "destructive" | "outline"> = {
  pending: "default",
  sent: "success",
  delayed: "warning",
  delivered: "success",
  complained: "warning",
  undelivered: "destructive",
  bounced: "destructive",
  failed: "destructive",
  skipped: "outline",
};

/** The credits an action holds now: "Refunded" once a receipt gave them back, rather than "Free". */
export function actionCreditsLabel(d: { credits: number; receipt: DeliveryReceipt | null; test: boolean }) {
  return d.credits === 0 && !d.test && d.receipt && REFUNDED_RECEIPTS.includes(d.receipt) ? "Refunded" : formatCredits(d.credits);
}

/** An action's result (lib/delivery/receipts.ts `actionResult`) as a badge: the same words as the API's status. */
export function ActionResultBadge({ result }: { result: ActionResult }) {
  return (
    <Badge variant={VARIANT[result]} data-testid="action-result">
      {result === "delivered" ? <CircleCheck className="size-3" aria-hidden /> : null}
      {ACTION_RESULT_LABEL[result]}
    </Badge>
  );
}

const RECEIPT_FROM = { sms: "The carrier", email: "The mailbox" } as const;

/**
 * What the carrier or the mailbox said after the message was sent, when it said it, and — for a
 * message that never arrived — that its credits came back.
 */
export function ReceiptNote({
  d,
  timeZone,
}: {
  d: { channel: "sms" | "email" | "webhook"; receipt: DeliveryReceipt | null; receiptDetail: string | null; receiptAt: Date | null; test: boolean };
  timeZone: string;
}) {
  if (!d.receipt || d.channel === "webhook") return null;
  const refunded = REFUNDED_RECEIPTS.includes(d.receipt);
  const Icon = refunded ? CircleX : d.receipt === "delivered" ? CircleCheck : Clock;
  const said = d.receipt === "delivered" ? `${RECEIPT_FROM[d.channel]} confirmed delivery` : `${RECEIPT_FROM[d.channel]} reported: ${ACTION_RESULT_LABEL[d.receipt].toLowerCase()}`;
  return (
    <p className="flex items-start gap-1.5 text-sm text-muted-foreground" data-testid="receipt">
      <Icon className={refunded ? "mt-0.5 size-4 shrink-0 text-destructive" : "mt-0.5 size-4 shrink-0"} aria-hidden />
      <span>
        {said}
        {d.receiptAt ? <> · {formatDateTime(d.receiptAt, timeZone, { seconds: true })}</> : null}
        {d.receiptDetail ? <span className="block text-foreground">{d.receiptDetail}</span> : null}
        {/* One price per channel (lib/pricing.ts): what was charged is what came back. */}
        {refunded && !d.test ? <span className="block">Its {formatCredits(CREDITS_PER_MESSAGE[d.channel])} were refunded.</span> : null}
      </span>
    </p>
  );
}
