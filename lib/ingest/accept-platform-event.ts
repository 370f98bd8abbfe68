import { db } from "@/db";
import { cachedConnection, CONNECTION_ID, forgetConnection, loadConnection, recordRefusal } from "@/db/queries/connections";
import { AppError, isForeignKeyViolation } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { checkLocalRateLimit } from "@/lib/rate-limit";
import { adapterFor } from "@/lib/platforms/registry";
import { checkIngestRateLimit } from "./accept-call";
import { ingestPlatformCall } from "./ingest-platform-call";
import { decodeJsonBody } from "./parse-event";
import { readBodyLimited, requireJsonContentType, type InboundRequest } from "./read-body";
import { JsonReply } from "./reply";
import { withStoreDeadline } from "./store-deadline";

const log = logger("ingest");

const REFUSALS_RECORDED = { limit: 5, windowSeconds: 1 };

const notFound = () => AppError.notFound("No connection has this URL. Copy it again from Settings → Voice platforms.");

/**
 * POST /api/v1/inbound/{connection_id}: a voice platform's own post-call webhook (docs/architecture.md,
 * "Voice platforms"). In order: the connection (404), the content type and size (415, 413), the
 * platform's signature over the exact bytes (401, counted on the connection), the platform's shape
 * (400), then an event we don't act on is answered 200 at once and an end-of-call event is stored in
 * one statement (202 new, 200 a call we had, 503 retry).
 */
export async function acceptPlatformEvent(request: InboundRequest, connectionId: string): Promise<JsonReply> {
  if (!CONNECTION_ID.test(connectionId)) throw notFound();
  // Every database step has the inbound deadline: a platform must get its 503 within 5 s during an outage.
  const cached = await withStoreDeadline(() => cachedConnection(db, connectionId));
  let connection = cached.connection;
  if (!connection) throw notFound();
  requireJsonContentType(request);
  const raw = await readBodyLimited(request);

  const adapter = adapterFor(connection.platform);
  let verdict = adapter.verify(request.headers, raw, connection.secret, Date.now());
  if (!verdict.ok && cached.reloadable) {
    // The secret may have been replaced since we cached it: check against the stored one before refusing.
    connection = await withStoreDeadline(() => loadConnection(db, connectionId));
    if (!connection) throw notFound();
    verdict = adapter.verify(request.headers, raw, connection.secret, Date.now());
  }
  if (!verdict.ok) {
    // Counted so the owner sees a misconfigured platform; a flood of bad signatures is counted only in
    // part (a few writes a second per connection and process) rather than becoming a flood of writes.
    const id = connection.id;
    if (checkLocalRateLimit(`refusal:${id}`, REFUSALS_RECORDED).ok) {
      await withStoreDeadline(() => recordRefusal(db, id, verdict.message)).catch((err) => log.warn({ err }, "could not count a refused event"));
    }
    throw new AppError(401, "invalid_signature", `${adapter.label}: ${verdict.message}`);
  }

  const event = adapter.parse(decodeJsonBody(raw));
  if (event.kind === "ignored") return new JsonReply(200, { ignored: event.type });

  checkIngestRateLimit(connection.id, "Too many call events for this connection. Retry shortly.");
  const stored = connection;
  const result = await withStoreDeadline(async () => {
    try {
      return await ingestPlatformCall(db, stored, event, { mayUpdate: adapter.signsBody });
    } catch (error) {
      // Deleted between the statement's check and its insert: the calls' foreign key refused it.
      if (isForeignKeyViolation(error)) return null;
      throw error;
    }
  });
  if (!result) {
    forgetConnection(stored.id);
    throw notFound();
  }
  return new JsonReply(result.created ? 202 : 200, { call_id: result.callId });
}
