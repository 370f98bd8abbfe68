import { and, eq } from "drizzle-orm";
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
  /** With `deliveryId`: the attempt keeping it. The same attempt made again keeps no second row. */
  attemptNumber?: number | null;
};

const log = logger("outbox");

/**
 * Keeps a message instead of sending it (no provider configured). The row is what Developer Tools →
 * Outbox shows and what the e2e tests read magic links from. A delivery's message is kept once per
 * attempt (the unique (delivery_id, attempt_number) index): a worker killed after this insert and
 * before the attempt was recorded finds its row on the retry instead of keeping a second copy.
 */
export async function writeOutbox(db: Db | Tx, message: OutboxMessage): Promise<string> {
  const id = newId("obx");
  const attemptNumber = message.deliveryId ? (message.attemptNumber ?? null) : null;
  const inserted = await db
    .insert(outbox)
    .values({
      id,
      accountId: message.accountId,
      channel: message.channel,
      toAddress: message.to,
      subject: message.subject ?? null,
      bodyText: message.text,
      bodyHtml: message.html ?? null,
      kind: message.kind,
      deliveryId: message.deliveryId ?? null,
      attemptNumber,
    })
    .onConflictDoNothing({ target: [outbox.deliveryId, outbox.attemptNumber] })
    .returning({ id: outbox.id });
  if (inserted.length === 0) {
    const [kept] = await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.deliveryId, message.deliveryId!), eq(outbox.attemptNumber, attemptNumber!)));
    if (!kept) throw new Error("outbox insert conflicted but no kept message was found");
    log.info({ id: kept.id, deliveryId: message.deliveryId, attemptNumber }, "message already in the outbox for this attempt");
    return kept.id;
  }
  log.info(
    { id, channel: message.channel, kind: message.kind, to: message.channel === "sms" ? maskPhone(message.to) : maskEmail(message.to) },
    "message kept in the outbox (no provider configured)",
  );
  return id;
}
