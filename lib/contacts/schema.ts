import { z } from "zod";
import { CONTACT_FIELDS, FIELD_MAX } from "@/lib/contacts/csv";

/**
 * One schema for a contact, shared by the add/edit form (react-hook-form), the server actions and the
 * public API. The phone is any common format here; it is normalised to E.164 with the account's
 * default country where the account is known (db/queries/contacts.ts).
 */
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

export const contactSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(FIELD_MAX.name, `Name must be at most ${FIELD_MAX.name} characters`),
  phone: z.string().trim().min(1, "Enter a phone number").max(FIELD_MAX.phone, "That is too long for a phone number"),
  email: z
    .string()
    .trim()
    .max(FIELD_MAX.email, "Email must be at most 254 characters")
    .refine((v) => v === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "Enter a valid email address")
    .nullish()
    .transform((v) => (v ? v : null)),
  company: optionalText(FIELD_MAX.company, "Company"),
  notes: optionalText(FIELD_MAX.notes, "Notes"),
});

export type ContactFormInput = z.input<typeof contactSchema>;
export type ContactInput = z.output<typeof contactSchema>;

/** PATCH: any subset of the fields; `null` clears an optional one. */
export const contactPatchSchema = contactSchema.partial().strict();
export type ContactPatch = z.output<typeof contactPatchSchema>;

export const contactIdSchema = z.string().regex(/^ct_[0-9a-z]{8,40}$/, "Not a contact id");

/** Save from a call: the form plus the call it came from (so that call is linked to the contact). */
export const saveFromCallSchema = contactSchema.extend({ callId: z.string().max(64).optional() });

export const columnMappingSchema = z.object(
  Object.fromEntries(CONTACT_FIELDS.map((f) => [f, z.number().int().min(0).max(500).nullable()])) as Record<
    (typeof CONTACT_FIELDS)[number],
    z.ZodNullable<z.ZodNumber>
  >,
);

export const listQuerySchema = z.object({
  q: z.string().trim().max(100, "Search is at most 100 characters").optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
