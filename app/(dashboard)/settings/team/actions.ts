"use server";

import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { InvitationEmail } from "@/components/emails/invitation-email";
import { db } from "@/db";
import { changeRole, createInvitation, removeMember, revokeInvitation } from "@/db/queries/team";
import { runAction, type ActionResult } from "@/lib/action-result";
import { sendEmail } from "@/lib/delivery/email";
import { getEnv } from "@/lib/env";
import { logger, maskEmail } from "@/lib/logger";
import { ACCOUNT_COOKIE, requireMember, requireRole, type Member } from "@/lib/member";
import { renderEmail } from "@/lib/messages/render-email";
import { invitationIdSchema, inviteSchema, memberSchema, roleChangeSchema } from "./schema";

const log = logger("team");
const actorOf = (m: Member) => ({ userId: m.userId, email: m.email, label: m.email });

/** Owners only (checked here and again, under a lock, in the query). */
export async function inviteMember(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction(async () => {
    const member = await requireRole(["owner"]);
    const { email, role } = inviteSchema.parse(input);
    const inv = await createInvitation(db, actorOf(member), member.accountId, { email, role });
    const url = `${getEnv().APP_URL}/invite/${inv.token}`;
    const element = InvitationEmail({
      url,
      accountName: inv.accountName,
      inviter: member.name ?? member.email,
      role,
    });
    const { html, text } = await renderEmail(element);
    // The same mail path as sign-in links: Resend when configured, else the outbox.
    const sent = await sendEmail({
      accountId: member.accountId,
      to: email,
      subject: `${member.name ?? member.email} invited you to ${inv.accountName} on Aftercall`,
      html,
      text,
      kind: "invitation",
      idempotencyKey: `invitation:${inv.id}`,
    });
    log.info({ to: maskEmail(email), via: sent.via }, "invitation sent");
    revalidatePath("/settings/team");
    return { email };
  });
}

export async function changeMemberRole(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const member = await requireRole(["owner"]);
    const { userId, role } = roleChangeSchema.parse(input);
    await changeRole(db, actorOf(member), member.accountId, userId, role);
    revalidatePath("/settings/team");
  });
}

export async function removeTeamMember(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const member = await requireRole(["owner"]);
    const { userId } = memberSchema.parse(input);
    await removeMember(db, actorOf(member), member.accountId, userId);
    revalidatePath("/settings/team");
  });
}

export async function withdrawInvitation(input: unknown): Promise<ActionResult> {
  return runAction(async () => {
    const member = await requireRole(["owner"]);
    const { invitationId } = invitationIdSchema.parse(input);
    await revokeInvitation(db, actorOf(member), member.accountId, invitationId);
    revalidatePath("/settings/team");
  });
}

/** Any role may leave; the last owner may not. Afterwards the user lands in another account (or a new one). */
export async function leaveAccount(): Promise<ActionResult> {
  const result = await runAction(async () => {
    const member = await requireMember();
    await removeMember(db, actorOf(member), member.accountId, member.userId);
    (await cookies()).delete(ACCOUNT_COOKIE);
  });
  if (result.ok) redirect("/");
  return result;
}
