import type { Role } from "@/db/schema";
import type { Actor } from "@/db/audit";
import { auth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { can, requireMember, type Member } from "@/lib/member";

/**
 * The member behind a route handler's request (CSV import and export are route handlers: they stream
 * files). Unlike requireMember, a missing session is a 401 answer, not a redirect, because the browser
 * called it with fetch or a download link.
 */
export async function routeMember(roles?: Role[]): Promise<Member> {
  const session = await auth();
  if (!session?.user?.id) throw AppError.unauthorized("Your session has ended. Sign in again.");
  const member = await requireMember();
  if (roles && !can(member, roles)) throw AppError.forbidden("Only owners and developers can change contacts.");
  return member;
}

export function memberActor(member: Pick<Member, "userId" | "email">): Actor {
  return { userId: member.userId, label: member.email };
}
