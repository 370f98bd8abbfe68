import { db } from "@/db";
import { recoveryProgress } from "@/db/queries/webhook-recovery";
import { requireApiKey } from "@/lib/api/auth";
import { apiRoute } from "@/lib/api/handler";
import { serializeRecovery } from "@/lib/api/serialize-recovery";
import { AppError } from "@/lib/errors";

/** `GET /api/v1/webhook-deliveries/recover/{id}`: how a recovery stands now (queued, delivered, still failing). */
export const dynamic = "force-dynamic";

export const GET = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const principal = await requireApiKey(request);
  const { id } = await params;
  const progress = await recoveryProgress(db, principal.accountId, id);
  if (!progress) throw AppError.notFound("No such recovery.");
  return Response.json(serializeRecovery(progress));
});
