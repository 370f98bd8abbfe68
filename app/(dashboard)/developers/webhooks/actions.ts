"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { readWebhookSecret, webhookSecretSummary } from "@/db/queries/webhook-secret-access";
import { recoveryProgress, type RecoveryProgress } from "@/db/queries/webhook-recovery";
import { revokePreviousWebhookSecrets, rotateWebhookSecret } from "@/db/queries/webhook-secrets";
import { runAction, type ActionResult } from "@/lib/action-result";
import { recoverWebhooks } from "@/lib/delivery/recovery";
import { sendWebhookTestEvents } from "@/lib/delivery/webhook-test";
import { AppError } from "@/lib/errors";
import { CAN_EDIT, requireMember, requireRole } from "@/lib/member";
import { fromLocalInput } from "@/lib/zoned-time";

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

const recoverForm = z.object({ since: z.string().max(40), to: z.string().max(2048).nullable() });

/**
 * "Resend everything that failed since …" for one endpoint: `since` is the form's wall-clock time in
 * the account's time zone. Returns the recovery's first progress; the form then polls it.
 */
export async function recoverFailedAction(input: unknown): Promise<ActionResult<RecoveryProgress & { limit: number }>> {
  return runAction(async () => {
    const { member, actor } = await editor();
    const form = recoverForm.parse(input);
    const account = await getAccount(db, member.accountId);
    const since = fromLocalInput(form.since, account?.timeZone ?? "UTC");
    if (!since) throw AppError.badRequest("Some fields need attention.", [{ field: "since", message: "Enter a date and time." }]);
    const result = await recoverWebhooks(db, member.accountId, { since: since.toISOString(), to: form.to }, actor);
    revalidatePath("/developers/webhooks/deliveries");
    return { ...(await recoveryProgress(db, member.accountId, result.id))!, limit: result.limit };
  });
}

/** How a recovery stands now, for the progress count while it runs (any member may watch). */
export async function recoveryProgressAction(id: unknown): Promise<ActionResult<RecoveryProgress>> {
  return runAction(async () => {
    const member = await requireMember();
    const progress = await recoveryProgress(db, member.accountId, z.string().min(1).max(64).parse(id));
    if (!progress) throw AppError.notFound("No such recovery.");
    return progress;
  });
}
