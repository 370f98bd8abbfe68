"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/db";
import { createContact, deleteContact, updateContact } from "@/db/queries/contacts";
import { runAction, type ActionResult } from "@/lib/action-result";
import { CAN_EDIT, requireRole } from "@/lib/member";
import { memberActor } from "./route-member";
import { contactIdSchema, contactSchema, saveFromCallSchema, type ContactFormInput } from "@/lib/contacts/schema";

export type SavedContact = { id: string; name: string; promoted: boolean };

export async function createContactAction(values: ContactFormInput): Promise<ActionResult<SavedContact>> {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const input = contactSchema.parse(values);
    const { contact, promoted } = await createContact(db, member.accountId, memberActor(member), input);
    revalidatePath("/contacts");
    return { id: contact.id, name: contact.name, promoted };
  });
}

export async function updateContactAction(id: string, values: ContactFormInput): Promise<ActionResult<SavedContact>> {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const contact = await updateContact(db, member.accountId, memberActor(member), contactIdSchema.parse(id), contactSchema.parse(values));
    revalidatePath("/contacts");
    revalidatePath(`/contacts/${contact.id}`);
    return { id: contact.id, name: contact.name, promoted: false };
  });
}

export async function deleteContactAction(id: string): Promise<ActionResult> {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const contactId = contactIdSchema.parse(id);
    await deleteContact(db, member.accountId, memberActor(member), contactId);
    revalidatePath("/contacts");
    revalidatePath(`/contacts/${contactId}`);
    revalidatePath("/calls", "layout");
  });
}

/** "Save contact" on a call page: the caller's number and the name heard, as the person edited them. */
export async function saveContactFromCallAction(values: ContactFormInput & { callId?: string }): Promise<ActionResult<SavedContact>> {
  return runAction(async () => {
    const member = await requireRole(CAN_EDIT);
    const { callId, ...input } = saveFromCallSchema.parse(values);
    const { contact, promoted } = await createContact(db, member.accountId, memberActor(member), input, { callId });
    revalidatePath("/contacts");
    revalidatePath(`/contacts/${contact.id}`);
    revalidatePath("/calls", "layout");
    return { id: contact.id, name: contact.name, promoted };
  });
}
