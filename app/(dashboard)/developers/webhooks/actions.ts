"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db";
import { readWebhookSecret, webhookSecretSummary } from "@/db/queries/webhook-secret-access";
import { revokePreviousWebhookSecrets, rotateWebhookSecret } from "@/db/queries/webhook-secrets";
import { runAction, type ActionResult } from "@/lib/action-result";
import { sendWebhookTestEvents } from "@/lib/delivery/webhook-test";
import { CAN_EDIT, requireRole } from "@/lib/member";

/**
 * The signing secret's server actions. Each checks the role on the server (a viewer's direct call is
 * refused with 403 and changes nothing) and every read of the plaintext is audited.
 */
const PAGE = "/developers/webhooks";
const secretId = z.string().min(1).max(64);

async function editor() {
  const member = await requireRole(CAN_EDIT);
  return { member, actor: { userId: member.userId, label: member.email } };
}

/** Reveal: the plaintext, to show in place. */
export async function revealSecretAction(id: unknown): Promise<ActionResult<{ secret: string }>> {
  return runAction(async () => {
    const { member, actor } = await editor();
    const secret = await readWebhookSecret(db, member.accountId, secretId.parse(id), actor, "revealed");
    revalidatePath(PAGE);
    return { secret };
  });
}

/** Copy: the plaintext, for the clipboard only (the page never shows it). */
export async function copySecretAction(id: unknown): Promise<ActionResult<{ secret: string }>> {
  return runAction(async () => {
    const { member, actor } = await editor();
    const secret = await readWebhookSecret(db, member.accountId, secretId.parse(id), actor, "copied");
    revalidatePath(PAGE);
    return { secret };
  });
}

/** Rotate: a new secret signs at once; `stopped` counts older previous secrets that stopped signing now. */
export async function rotateSecretAction(): Promise<ActionResult<{ lastFour: string; stopped: number }>> {
  return runAction(async () => {
    const { member, actor } = await editor();
    const before = await webhookSecretSummary(db, member.accountId);
    const created = await rotateWebhookSecret(db, member.accountId, actor);
    revalidatePath(PAGE);
    return { lastFour: created.secret.slice(-4), stopped: before.filter((s) => !s.current).length };
  });
}

export async function revokePreviousAction(): Promise<ActionResult<{ revoked: number }>> {
  return runAction(async () => {
    const { member, actor } = await editor();
    const revoked = await revokePreviousWebhookSecrets(db, member.accountId, actor);
    revalidatePath(PAGE);
    return { revoked };
  });
}

/** Send test event: a signed `test: true` delivery to each enabled webhook action. */
export async function sendTestEventAction(): Promise<ActionResult<{ deliveryIds: string[] }>> {
  return runAction(async () => {
    const { member, actor } = await editor();
    const sent = await sendWebhookTestEvents(db, member.accountId, actor);
    revalidatePath("/developers/webhooks/deliveries");
    return sent;
  });
}
