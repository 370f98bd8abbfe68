import { auth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { requireMember, type Member } from "@/lib/member";

/**
 * The signed-in member, for the dashboard's own route handlers (app/api/dashboard/): a 401 problem
 * without a session rather than requireMember's redirect to /login, which a fetch or an EventSource
 * would follow to an HTML page.
 */
export async function requireSessionMember(): Promise<Member> {
  const session = await auth();
  if (!session?.user?.id) throw AppError.unauthorized("Sign in to the dashboard.");
  return requireMember();
}

/** Dashboard reads are per person and change all the time: never cached anywhere. */
export const NO_STORE = { "cache-control": "private, no-store" };
