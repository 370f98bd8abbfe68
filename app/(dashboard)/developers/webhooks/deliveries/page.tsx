import { Send, TriangleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { DeliveryStatusBadge } from "@/components/delivery-status-badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listActions } from "@/db/queries/post-call-actions";
import { DELIVERY_STATUSES, disabledEndpoints, listWebhookDeliveries, webhookEndpoints } from "@/db/queries/deliveries";
import type { DeliveryStatus } from "@/db/schema";
import { decodeCursorOrFirstPage, encodeCursor } from "@/lib/cursor";
import { formatDateTime } from "@/lib/format";
import { CAN_EDIT, can, requireMember } from "@/lib/member";
import { formatPhone } from "@/lib/phone";
import { SendTestEventButton } from "../send-test-event-button";
import { ReenableButton, ResendButton } from "./delivery-buttons";

export const metadata: Metadata = { title: "Delivery log" };

type Search = { status?: string; endpoint?: string; cursor?: string };

function href(search: Search) {
  const params = new URLSearchParams(Object.entries(search).filter((e): e is [string, string] => !!e[1]));
  const qs = params.toString();
  return `/developers/webhooks/deliveries${qs ? `?${qs}` : ""}`;
}

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const member = await requireMember();
  const search = await searchParams;
  const status = DELIVERY_STATUSES.includes(search.status as DeliveryStatus) ? (search.status as DeliveryStatus) : undefined;
  const [{ rows, next }, endpoints, disabled, account, actions] = await Promise.all([
    listWebhookDeliveries(db, member.accountId, { status, endpoint: search.endpoint, cursor: decodeCursorOrFirstPage(search.cursor, ["createdAt", "id"], { dates: ["createdAt"] }) }),
    webhookEndpoints(db, member.accountId),
    disabledEndpoints(db, member.accountId),
    getAccount(db, member.accountId),
    listActions(db, member.accountId),
  ]);
  const webhookCount = actions.actions.filter((a) => a.channel === "webhook" && a.enabled).length;
  const tz = account?.timeZone ?? "UTC";
  const editable = can(member, CAN_EDIT);

  return (
    // minmax(0, 1fr): the wide table scrolls inside its card instead of widening the page at 390 px.
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
        {editable ? (
          <div className="shrink-0">
            <SendTestEventButton webhookCount={webhookCount} />
          </div>
        ) : null}
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

      {rows.length === 0 ? (
        <EmptyState icon={Send} title={status || search.endpoint ? "No deliveries match" : "No webhook deliveries yet"}>
          Add a webhook action under{" "}
          <Link className="text-primary underline underline-offset-4" href="/settings/post-call-actions">
            Post-call actions
          </Link>{" "}
          and send a test, or end a call.
        </EmptyState>
      ) : (
        <Card>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Event</TableHead>
                <TableHead>Call</TableHead>
                <TableHead>Endpoint</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Attempts</TableHead>
                <TableHead className="text-right">Last code</TableHead>
                <TableHead className="text-right">Latency</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((d) => (
                <TableRow key={d.id}>
                  <TableCell className="whitespace-nowrap">
                    <Link href={`/developers/webhooks/deliveries/${d.id}`} className="font-medium text-primary underline underline-offset-4">
                      call.ended
                    </Link>
                    {d.test ? <span className="ml-2 text-xs text-muted-foreground">test</span> : null}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {d.callId ? (
                      <Link href={`/calls/${d.callId}`} className="text-primary underline underline-offset-4" data-testid="delivery-call">
                        {d.callerNumber ? formatPhone(d.callerNumber) : "Anonymous"}
                      </Link>
                    ) : (
                      <span className="text-muted-foreground">Sample (no call)</span>
                    )}
                  </TableCell>
                  <TableCell className="max-w-56 truncate" title={d.destination}>
                    {d.destination}
                  </TableCell>
                  <TableCell>
                    <DeliveryStatusBadge status={d.status} />
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{d.attemptCount}</TableCell>
                  <TableCell className="text-right tabular-nums">{d.lastStatusCode ?? "—"}</TableCell>
                  <TableCell className="text-right tabular-nums">{d.lastLatencyMs != null ? `${d.lastLatencyMs} ms` : "—"}</TableCell>
                  <TableCell className="whitespace-nowrap">{formatDateTime(d.createdAt, tz)}</TableCell>
                  <TableCell className="text-right">{editable && d.status !== "pending" ? <ResendButton deliveryId={d.id} /> : null}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      {next ? (
        <div className="flex justify-center">
          <Button asChild variant="outline">
            <Link href={href({ status, endpoint: search.endpoint, cursor: encodeCursor(next) })}>Older deliveries</Link>
          </Button>
        </div>
      ) : null}
    </div>
  );
}
