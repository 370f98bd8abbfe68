"use client";

import { Send } from "lucide-react";
import Link from "next/link";
import { DeliveryStatusBadge } from "@/components/delivery-status-badge";
import { useLiveQuery } from "@/components/live/live-provider";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DeliveryLogData } from "@/lib/dashboard/webhook-deliveries";
import { ResendButton } from "./delivery-buttons";

type Filters = { status?: string; endpoint?: string; cursor?: string };

function query(f: Filters) {
  return new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => !!e[1])).toString();
}

/**
 * The delivery log's table, live: rendered on the server, then re-read
 * (GET /api/dashboard/webhook-deliveries with the URL's filters) whenever a webhook delivery of the
 * account is created or changes status, or a call arrives (its webhooks are created with it).
 */
export function DeliveryLog({ initial, filters, editable }: { initial: DeliveryLogData; filters: Filters; editable: boolean }) {
  const qs = query(filters);
  const { rows, nextCursor } = useLiveQuery({
    key: ["webhook-deliveries", qs],
    url: `/api/dashboard/webhook-deliveries${qs ? `?${qs}` : ""}`,
    initialData: initial,
    matches: (event) => event.kind === "call" || event.channel === "webhook",
  });
  const older = query({ status: filters.status, endpoint: filters.endpoint, cursor: nextCursor ?? undefined });

  return (
    <>
      {rows.length === 0 ? (
        <EmptyState icon={Send} title={filters.status || filters.endpoint ? "No deliveries match" : "No webhook deliveries yet"}>
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
                        {d.caller}
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
                  <TableCell className="whitespace-nowrap">{d.created}</TableCell>
                  <TableCell className="text-right">{editable && d.status !== "pending" ? <ResendButton deliveryId={d.id} /> : null}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      {nextCursor ? (
        <div className="flex justify-center">
          <Button asChild variant="outline">
            <Link href={`/developers/webhooks/deliveries?${older}`}>Older deliveries</Link>
          </Button>
        </div>
      ) : null}
    </>
  );
}
