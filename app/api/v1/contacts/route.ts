import { contactSchema, listQuerySchema } from "@/lib/contacts/schema";
import { db } from "@/db";
import { createContact, listContacts } from "@/db/queries/contacts";
import { apiRoute, readJson } from "@/lib/api/handler";
import { requireApiKey } from "@/lib/api/auth";
import type { Role } from "@/db/schema";
import { contactJson } from "./serialize";

export const dynamic = "force-dynamic";

// CAN_EDIT of lib/member, spelled out: that module pulls in the session stack, which API keys never use.
const CAN_EDIT: Role[] = ["owner", "developer"];

/** GET /api/v1/contacts?q=&cursor=&limit=: saved contacts by name, with cursor pagination. */
export const GET = apiRoute(async (request: Request) => {
  const key = await requireApiKey(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = listQuerySchema.parse(params);
  const page = await listContacts(db, key.accountId, { q: query.q, after: query.cursor, limit: query.limit });
  return Response.json({ data: page.contacts.map(contactJson), next_cursor: page.nextCursor });
});

/** POST /api/v1/contacts: save a contact (a number that called before becomes saved). */
export const POST = apiRoute(async (request: Request) => {
  const key = await requireApiKey(request, CAN_EDIT);
  const input = contactSchema.parse(await readJson(request, 64 * 1024));
  const { contact } = await createContact(db, key.accountId, key.actor, input);
  return Response.json(contactJson(contact), { status: 201, headers: { location: `/api/v1/contacts/${contact.id}` } });
});
