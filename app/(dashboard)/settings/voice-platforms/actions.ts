"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db";
import { createConnection, deleteConnection, forgetConnection, renameConnection, replaceConnectionSecret } from "@/db/queries/connections";
import { runAction } from "@/lib/action-result";
import { AppError } from "@/lib/errors";
import { CAN_EDIT, requireRole } from "@/lib/member";
import { inboundUrl } from "@/lib/platforms/inbound-url";
import { connectionIdSchema, createConnectionSchema, renameConnectionSchema, replaceSecretSchema } from "@/lib/connections/schema";

const PAGE = "/settings/voice-platforms";

/**
 * Each action checks the role before reading its input, so a viewer learns nothing from validation
 * messages; the queries scope every change to the member's account and audit it. None returns the
 * secret: once saved it only ever leaves the database to verify an inbound request.
 */
export async function createConnectionAction(raw: unknown) {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const input = createConnectionSchema.parse(raw);
    const created = await createConnection(db, member.accountId, input, { userId: member.userId, label: member.email });
    // No revalidatePath here: re-rendering the page under the open dialog would swap the empty state
    // (where the first "Add connection" lives) for the list and lose the dialog's next step, the URL.
    // The dialog refreshes the page when it closes.
    return { id: created.id, name: created.name, platform: created.platform, url: inboundUrl(created.id) };
  });
}

export async function renameConnectionAction(raw: unknown) {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const { id, name } = renameConnectionSchema.parse(raw);
    await renameConnection(db, member.accountId, id, name, { userId: member.userId, label: member.email });
    revalidatePath(PAGE);
    return { name };
  });
}

export async function replaceConnectionSecretAction(raw: unknown) {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const { id, secret } = replaceSecretSchema.parse(raw);
    await replaceConnectionSecret(db, member.accountId, id, secret, { userId: member.userId, label: member.email });
    // The old secret stops verifying at once in this process too, not when the cache entry ages out.
    forgetConnection(id);
    revalidatePath(PAGE);
  });
}

export async function deleteConnectionAction(id: unknown) {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const parsed = connectionIdSchema.safeParse(id);
    if (!parsed.success) throw AppError.notFound("That connection does not exist.");
    await deleteConnection(db, member.accountId, parsed.data, { userId: member.userId, label: member.email });
    forgetConnection(parsed.data);
    revalidatePath(PAGE);
    revalidatePath("/calls", "layout");
  });
}
