import type { ConnectionListRow } from "@/db/queries/connections";
import { inboundUrl } from "@/lib/platforms/inbound-url";

/** A connection as the API shows it: never its secret. */
export function connectionJson(c: Pick<ConnectionListRow, "id" | "platform" | "name" | "createdAt">) {
  return { id: c.id, platform: c.platform, name: c.name, url: inboundUrl(c.id), created_at: c.createdAt.toISOString() };
}

/** In lists, also what the settings page shows about its traffic. */
export function connectionListJson(c: ConnectionListRow) {
  return {
    ...connectionJson(c),
    last_event_at: c.lastEventAt?.toISOString() ?? null,
    call_count: c.callCount,
    refused_count: c.refusedCount,
    last_refused_at: c.lastRefusedAt?.toISOString() ?? null,
    last_refused_reason: c.lastRefusedReason,
    wait_seconds: c.waitSeconds,
  };
}
