import type { Db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { DELIVERY_STATUSES, listWebhookDeliveries } from "@/db/queries/deliveries";
import type { DeliveryStatus } from "@/db/schema";
import { decodeCursorOrFirstPage, encodeCursor } from "@/lib/cursor";
import { formatDateTime } from "@/lib/format";
import { formatPhone } from "@/lib/phone";

/** The delivery log's filters, as the URL carries them; anything unknown is dropped. */
export type DeliveryLogSearch = { status?: string; endpoint?: string; cursor?: string };

export function deliveryLogFilters(search: DeliveryLogSearch) {
  const status = DELIVERY_STATUSES.includes(search.status as DeliveryStatus) ? (search.status as DeliveryStatus) : undefined;
  return { status, endpoint: search.endpoint || undefined, cursor: search.cursor || undefined };
}

/** A row of the delivery log as the page shows it, formatted on the server (see lib/dashboard/calls-page.ts). */
export type DeliveryLogItem = {
  id: string;
  callId: string | null;
  caller: string | null;
  test: boolean;
  destination: string;
  status: DeliveryStatus;
  attemptCount: number;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  created: string;
};

export type DeliveryLogData = { rows: DeliveryLogItem[]; nextCursor: string | null; readAt: number };

export async function loadDeliveryLog(db: Db, accountId: string, search: DeliveryLogSearch): Promise<DeliveryLogData> {
  const f = deliveryLogFilters(search);
  const [{ rows, next }, account] = await Promise.all([
    listWebhookDeliveries(db, accountId, {
      status: f.status,
      endpoint: f.endpoint,
      cursor: decodeCursorOrFirstPage(f.cursor, ["createdAt", "id"], { dates: ["createdAt"] }),
    }),
    getAccount(db, accountId),
  ]);
  const tz = account?.timeZone ?? "UTC";
  return {
    readAt: Date.now(),
    nextCursor: next ? encodeCursor(next) : null,
    rows: rows.map((d) => ({
      id: d.id,
      callId: d.callId,
      caller: d.callId ? (d.callerNumber ? formatPhone(d.callerNumber) : "Anonymous") : null,
      test: d.test,
      destination: d.destination,
      status: d.status,
      attemptCount: d.attemptCount,
      lastStatusCode: d.lastStatusCode,
      lastLatencyMs: d.lastLatencyMs,
      created: formatDateTime(d.createdAt, tz),
    })),
  };
}
