"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/db";
import { acceptInvitation } from "@/db/queries/team";
import { runAction, type ActionResult } from "@/lib/action-result";
import { auth, signOut } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { ACCOUNT_COOKIE } from "@/lib/member";

/** Accepts for the signed-in user and switches them into the account they joined. */
export async function accept(token: string): Promise<ActionResult> {
  const result = await runAction(async () => {
    const session = await auth();
    if (!session?.user?.id || !session.user.email)
      throw AppError.unauthorized("Sign in first, then open the invitation link again.");
    const joined = await acceptInvitation(db, { id: session.user.id, email: session.user.email }, token);
    (await cookies()).set(ACCOUNT_COOKIE, joined.accountId, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: 365 * 86400,
    });
  });
  if (result.ok) redirect("/?joined=1");
  return result;
}

/** Signed in as someone else: sign out and come back to this invitation. */
export async function switchUser(token: string) {
  await signOut({ redirectTo: `/login?next=${encodeURIComponent(`/invite/${token}`)}` });
}
