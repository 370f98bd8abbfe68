import { TriangleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { LiveIndicator } from "@/components/live/live-indicator";
import { LiveProvider } from "@/components/live/live-provider";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/select";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listActions } from "@/db/queries/post-call-actions";
import { DELIVERY_STATUSES, disabledEndpoints, webhookEndpoints } from "@/db/queries/deliveries";
import { formatDateTime } from "@/lib/format";
import { deliveryLogFilters, loadDeliveryLog, type DeliveryLogSearch } from "@/lib/dashboard/webhook-deliveries";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { SendTestEventButton } from "../send-test-event-button";
import { ReenableButton } from "./delivery-buttons";
import { DeliveryLog } from "./delivery-log";

export const metadata: Metadata = { title: "Delivery log" };

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<DeliveryLogSearch> }) {
  const member = await requireMember();
  const search = await searchParams;
  const { status } = deliveryLogFilters(search);
  const [log, endpoints, disabled, actions, account] = await Promise.all([
    loadDeliveryLog(db, member.accountId, search),
    webhookEndpoints(db, member.accountId),
    disabledEndpoints(db, member.accountId),
    listActions(db, member.accountId),
    getAccount(db, member.accountId),
  ]);
  const tz = account?.timeZone ?? "UTC";
  const webhookCount = actions.actions.filter((a) => a.channel === "webhook" && a.enabled).length;
  const editable = can(member, CAN_EDIT);

  return (
    // minmax(0, 1fr): the wide table scrolls inside its card instead of widening the page at 390 px.
    // LiveProvider: the table below keeps itself up to date (./delivery-log.tsx).
    <LiveProvider>
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      {disabled.map((e) => (
        <div key={e.id} role="status" className="flex flex-col gap-3 rounded-lg border border-warning/40 bg-warning/10 p-4 sm:flex-row sm:items-center sm:justify-between">
          <div className="flex items-start gap-3 text-sm">
            <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
            <p>
              <span className="font-medium break-all">{e.destination}</span> is disabled
              {e.disabledAt ? (
                <>
                  {" "}
                  since <time dateTime={e.disabledAt.toISOString()}>{formatDateTime(e.disabledAt, tz)}</time>
                </>
              ) : null}
              : {e.disabledReason === "gone" ? "it answered 410 Gone." : "it kept failing for 5 days."} New calls are not delivered to it. Re-enable
              it, then resend what failed from{" "}
              <Link className="text-primary underline underline-offset-4" href="/developers/webhooks">
                Webhooks
              </Link>
              .
            </p>
          </div>
          {editable ? <ReenableButton actionId={e.id} /> : null}
        </div>
      ))}

      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-muted-foreground">Every signed call.ended sent to your endpoints, with each attempt. Open one to see what was sent and received.</p>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          <LiveIndicator />
          {editable ? <SendTestEventButton webhookCount={webhookCount} /> : null}
        </div>
      </div>

      <form className="flex flex-col gap-3 sm:flex-row sm:items-end" action="/developers/webhooks/deliveries">
        <div className="grid gap-1.5">
          <label htmlFor="status" className="text-sm font-medium">
            Status
          </label>
          <NativeSelect id="status" name="status" defaultValue={status ?? ""} className="sm:w-40">
            <option value="">All statuses</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid min-w-0 flex-1 gap-1.5">
          <label htmlFor="endpoint" className="text-sm font-medium">
            Endpoint
          </label>
          <NativeSelect id="endpoint" name="endpoint" defaultValue={search.endpoint ?? ""}>
            <option value="">All endpoints</option>
            {endpoints.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" variant="outline">
          Filter
        </Button>
      </form>

      <DeliveryLog initial={log} filters={{ status, endpoint: search.endpoint, cursor: search.cursor }} editable={editable} />
    </div>
    </LiveProvider>
  );
}
