import { contactIdSchema, contactPatchSchema } from "@/lib/contacts/schema";
import { db } from "@/db";
import { deleteContact, getContact, updateContact } from "@/db/queries/contacts";
import { apiRoute, readJson } from "@/lib/api/handler";
import { requireApiKey } from "@/lib/api/auth";
import { AppError } from "@/lib/errors";
import type { Role } from "@/db/schema";
import { contactJson } from "../serialize";

export const dynamic = "force-dynamic";

// CAN_EDIT of lib/member, spelled out: that module pulls in the session stack, which API keys never use.
const CAN_EDIT: Role[] = ["owner", "developer"];

type Context = { params: Promise<{ id: string }> };

async function idOf(context: Context): Promise<string> {
  const parsed = contactIdSchema.safeParse((await context.params).id);
  if (!parsed.success) throw AppError.notFound("Contact not found.");
  return parsed.data;
}

export const GET = apiRoute(async (request: Request, context: Context) => {
  const key = await requireApiKey(request);
  const contact = await getContact(db, key.accountId, await idOf(context));
  if (!contact) throw AppError.notFound("Contact not found.");
  return Response.json(contactJson(contact));
});

/** PATCH: any of name, phone, email, company, notes; null clears an optional field. */
export const PATCH = apiRoute(async (request: Request, context: Context) => {
  const key = await requireApiKey(request, CAN_EDIT);
  const id = await idOf(context);
  const patch = contactPatchSchema.parse(await readJson(request, 64 * 1024));
  const contact = await updateContact(db, key.accountId, key.actor, id, patch);
  return Response.json(contactJson(contact));
});

/** DELETE: removes the contact from the address book; its calls keep their history. */
export const DELETE = apiRoute(async (request: Request, context: Context) => {
  const key = await requireApiKey(request, CAN_EDIT);
  await deleteContact(db, key.accountId, key.actor, await idOf(context));
  return new Response(null, { status: 204 });
});
