"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { listActions, replaceActions, type ActionListState } from "@/db/queries/post-call-actions";
import { runAction, type ActionResult } from "@/lib/action-result";
import { sendTestDelivery, testDeliveryStatus, type TestDeliveryStatus } from "@/lib/delivery/test-send";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { CAN_EDIT, requireMember, requireRole } from "@/lib/member";
import { actionListSchema } from "@/lib/post-call-actions/schema";

const PAGE = "/settings/post-call-actions";

/** Saves the page's whole list (PUT semantics) if the list the page loaded is still the latest. */
export async function saveActions(input: unknown): Promise<ActionResult<ActionListState>> {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const account = await getAccount(db, member.accountId);
    if (!account) throw AppError.notFound("This account no longer exists.");
    const parsed = actionListSchema({
      defaultCountry: account.defaultCountry,
      allowPrivateNetworks: getEnv().WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    }).parse(input);
    if (parsed.version === undefined) throw AppError.badRequest("Reload the page and try again.");
    const saved = await replaceActions(db, member.accountId, {
      actions: parsed.actions,
      expectedVersion: parsed.version,
      actor: { userId: member.userId, label: member.email },
    });
    revalidatePath(PAGE);
    return saved;
  });
}

/** The latest saved list, for "reload" after a stale-form refusal without losing the page. */
export async function loadActions(): Promise<ActionResult<ActionListState>> {
  return runAction(async () => {
    const member = await requireMember();
    return listActions(db, member.accountId);
  });
}

export async function sendTest(actionId: string): Promise<ActionResult<{ deliveryId: string }>> {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    if (typeof actionId !== "string" || actionId.length > 64) throw AppError.badRequest("Unknown action.");
    return sendTestDelivery(db, member.accountId, actionId, { userId: member.userId, label: member.email });
  });
}

export async function testStatus(deliveryId: string): Promise<ActionResult<TestDeliveryStatus>> {
  return runAction(async () => {
    const member = await requireMember();
    if (typeof deliveryId !== "string" || deliveryId.length > 64) throw AppError.badRequest("Unknown test.");
    const status = await testDeliveryStatus(db, member.accountId, deliveryId);
    if (!status) throw AppError.notFound("This test send was not found.");
    return status;
  });
}

