import { db } from "@/db";
import { getDelivery, resendDelivery } from "@/db/queries/deliveries";
import { requireApiKey } from "@/lib/api/auth";
import { apiRoute } from "@/lib/api/handler";
import { serializeDelivery } from "@/lib/api/serialize-delivery";
import { AppError } from "@/lib/errors";

export const POST = apiRoute(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const principal = await requireApiKey(request, ["owner", "developer"]);
  const { id } = await params;
  await resendDelivery(db, principal.accountId, id, principal.actor);
  const delivery = await getDelivery(db, principal.accountId, id);
  if (!delivery) throw AppError.notFound();
  return Response.json(serializeDelivery(delivery, delivery.attempts), { status: 202 });
});
