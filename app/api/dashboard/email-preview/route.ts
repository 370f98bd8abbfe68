import { db } from "@/db";
import { getAccount } from "@/db/queries/accounts";
import { apiRoute } from "@/lib/api/handler";
import { NO_STORE, requireSessionMember } from "@/lib/api/session";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sampleCallView } from "@/lib/messages/call-view";
import { renderCallEmail } from "@/lib/messages/email";
import { normaliseTemplate } from "@/lib/post-call-actions/template-schema";

/**
 * GET /api/dashboard/email-preview?subject=&intro= — the email the worker would send for a sample call
 * with this template, for Settings → Post-call actions while the owner types. A read, so a route and not
 * a server action: Next runs server actions one at a time through the router's queue, and a preview
 * must not wait behind (or be dropped with) whatever else the page is doing.
 */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request) => {
  const member = await requireSessionMember();
  const account = await getAccount(db, member.accountId);
  if (!account) throw AppError.notFound("This account no longer exists.");
  const params = new URL(request.url).searchParams;
  const field = (name: string) => params.get(name)?.slice(0, 2000) ?? null;
  const { template, issues } = normaliseTemplate("email", { subject: field("subject"), intro: field("intro") });
  if (issues.length > 0) throw AppError.badRequest(issues[0]!.message);
  const email = await renderCallEmail(sampleCallView(getEnv().APP_URL, account.timeZone), template);
  return Response.json({ html: email.html }, { headers: NO_STORE });
});
