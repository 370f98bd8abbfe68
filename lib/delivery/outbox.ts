import type { Db, Tx } from "@/db";
import { outbox } from "@/db/schema";
import { newId } from "@/lib/ids";
import { logger, maskEmail, maskPhone } from "@/lib/logger";

export type OutboxMessage = {
  accountId: string | null;
  channel: "sms" | "email";
  to: string;
  subject?: string | null;
  text: string;
  html?: string | null;
  kind: "magic_link" | "invitation" | "delivery" | "alert" | "test";
  deliveryId?: string | null;
};

const log = logger("outbox");

/**
 * Keeps a message instead of sending it (no provider configured). The row is what Developer Tools →
 * Outbox shows and what the e2e tests read magic links from.
 */
export async function writeOutbox(db: Db | Tx, message: OutboxMessage): Promise<string> {
  const id = newId("obx");
  await db.insert(outbox).values({
    id,
    accountId: message.accountId,
    channel: message.channel,
    toAddress: message.to,
    subject: message.subject ?? null,
    bodyText: message.text,
    bodyHtml: message.html ?? null,
    kind: message.kind,
    deliveryId: message.deliveryId ?? null,
  });
  log.info(
    { id, channel: message.channel, kind: message.kind, to: message.channel === "sms" ? maskPhone(message.to) : maskEmail(message.to) },
    "message kept in the outbox (no provider configured)",
  );
  return id;
}
