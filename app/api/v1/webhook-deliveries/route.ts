import { z } from "zod";
import { db } from "@/db";
import { attemptsFor, DELIVERY_STATUSES, listWebhookDeliveries } from "@/db/queries/deliveries";
import { requireApiKey } from "@/lib/api/auth";
import { apiRoute } from "@/lib/api/handler";
import { serializeDelivery } from "@/lib/api/serialize-delivery";
import { decodeCursor, encodeCursor } from "@/lib/cursor";

const query = z.object({
  status: z.enum(DELIVERY_STATUSES as [string, ...string[]]).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const GET = apiRoute(async (request: Request) => {
  const principal = await requireApiKey(request);
  const params = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { rows, next } = await listWebhookDeliveries(db, principal.accountId, {
    status: params.status as (typeof DELIVERY_STATUSES)[number] | undefined,
    cursor: decodeCursor(params.cursor, ["createdAt", "id"] as const, { dates: ["createdAt"] }),
    limit: params.limit,
  });
  const attempts = await attemptsFor(db, principal.accountId, rows.map((r) => r.id));
  return Response.json({
    data: rows.map((r) => serializeDelivery({ ...r, channel: "webhook", credits: 0 }, attempts.filter((a) => a.deliveryId === r.id))),
    next_cursor: next ? encodeCursor(next) : null,
  });
});
