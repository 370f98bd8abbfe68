import { callEndedJsonSchema } from "@/lib/messages/webhook-schema";

export const dynamic = "force-static";

export function GET() {
  return Response.json(callEndedJsonSchema, {
    headers: { "content-type": "application/schema+json", "cache-control": "public, max-age=3600" },
  });
}
