"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/db";
import { reenableEndpoint, resendDelivery } from "@/db/queries/deliveries";
import { runAction } from "@/lib/action-result";
import { CAN_EDIT, requireRole } from "@/lib/member";

const id = z.string().min(1).max(64);

export async function resendDeliveryAction(deliveryId: unknown) {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    await resendDelivery(db, member.accountId, id.parse(deliveryId), { userId: member.userId, label: member.email });
    revalidatePath("/developers/webhooks/deliveries");
  });
}

export async function reenableEndpointAction(actionId: unknown) {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    await reenableEndpoint(db, member.accountId, id.parse(actionId), { userId: member.userId, label: member.email });
    revalidatePath("/developers/webhooks/deliveries");
    revalidatePath("/developers/webhooks");
  });
}
