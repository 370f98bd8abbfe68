"use client";

import { Mail, MessageSquare, Webhook } from "lucide-react";
import Link from "next/link";
import { ActionResultBadge, ReceiptNote } from "@/components/calls/action-result";
import { useLiveQuery } from "@/components/live/live-provider";
import type { CallDeliveriesData } from "@/lib/dashboard/call-deliveries";
import { CHANNEL_LABEL } from "@/lib/pricing";

const CHANNEL_ICON = { sms: MessageSquare, email: Mail, webhook: Webhook } as const;

/**
 * The call's post-call actions, live: rendered on the server, then re-read
 * (GET /api/dashboard/calls/{id}/deliveries) whenever one of this call's deliveries changes status or
 * gets a receipt, or the call itself changes (a platform's later event releases its actions).
 */
export function LiveCallDeliveries({ callId, initial }: { callId: string; initial: CallDeliveriesData }) {
  const { actions, timeZone } = useLiveQuery({
    key: ["call-deliveries", callId],
    url: `/api/dashboard/calls/${encodeURIComponent(callId)}/deliveries`,
    initialData: initial,
    matches: (event) => event.callId === callId,
  });

  if (actions.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No post-call action matched this call.{" "}
        <Link href="/settings/post-call-actions" className="font-medium text-primary underline-offset-4 hover:underline">
          Set up post-call actions
        </Link>
      </p>
    );
  }
  return (
    <ul className="flex flex-col divide-y" data-testid="deliveries">
      {actions.map((d) => {
        const Icon = CHANNEL_ICON[d.channel];
        return (
          <li key={d.id} className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0">
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <Icon className="size-4 text-muted-foreground" aria-hidden />
              <span className="font-medium">{CHANNEL_LABEL[d.channel]}</span>
              <span className="min-w-0 break-all text-sm text-muted-foreground">{d.destination}</span>
              <span className="ml-auto flex items-center gap-2">
                <ActionResultBadge result={d.result} />
                <span className="text-xs tabular-nums text-muted-foreground">{d.credits}</span>
              </span>
            </div>
            {d.reason ? <p className="text-sm text-muted-foreground">{d.reason}</p> : null}
            <ReceiptNote d={{ ...d, receiptAt: d.receiptAt ? new Date(d.receiptAt) : null }} timeZone={timeZone} />
            {d.attempts.length > 0 ? (
              <ol className="flex flex-col gap-1 text-xs text-muted-foreground" aria-label={`${CHANNEL_LABEL[d.channel]} attempts`}>
                {d.attempts.map((a) => (
                  <li key={a.id} className="flex flex-wrap gap-x-2">
                    <span>Attempt {a.attemptNumber}</span>
                    <span>{a.startedAt}</span>
                    <span>{a.outcome}</span>
                    {a.statusCode ? <span>HTTP {a.statusCode}</span> : null}
                    {a.latency ? <span>{a.latency}</span> : null}
                    {a.error ? <span className="break-all">{a.error}</span> : null}
                  </li>
                ))}
              </ol>
            ) : d.status === "pending" ? (
              <p className="text-xs text-muted-foreground">Waiting to be sent.</p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
