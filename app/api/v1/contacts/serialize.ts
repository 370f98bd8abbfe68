import type { Contact } from "@/db/queries/contacts";

/** The public API's contact: snake_case, E.164 phone, ISO dates. */
export function contactJson(c: Contact) {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    phone_type: c.phoneType,
    email: c.email,
    company: c.company,
    notes: c.notes,
    last_call_at: c.lastCallAt?.toISOString() ?? null,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}
