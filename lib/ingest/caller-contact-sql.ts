import { sql, type SQL } from "drizzle-orm";
import type { ValueOf } from "@/db/statement";
import type { PhoneType } from "@/db/schema";

/** The values of a statement that stores the caller as a contact; `contactId` is the id a new contact gets. */
export type CallerContactValues = { contactId: string; callerNumber: string | null; contactName: string | null; phoneType: PhoneType; endedAt: string };

/**
 * The body of an ingest statement's `contact` CTE: the caller upserted into the account's contacts
 * (from a preceding CTE named `account` with `account_id`), returning `id, phone_type`.
 *
 * New callers are unsaved; a saved contact keeps its name, an unsaved one remembers the latest name
 * heard so "Save as contact" can offer it. `isNew` is false for an event about a call we already have,
 * which leaves the contact alone. The values come through the statement's `v` (db/statement.ts).
 */
export function callerContactSql(v: ValueOf<CallerContactValues>, isNew: SQL): SQL {
  return sql`
      insert into contacts as c (id, account_id, phone, name, saved, phone_type, last_call_at)
      select ${v("contactId")}, account_id, ${v("callerNumber")}::text, ${v("contactName")}::text, false, ${v("phoneType")}::phone_type, ${v("endedAt")}::timestamptz
        from account
       where ${v("callerNumber")}::text is not null
         and ${isNew}
      on conflict (account_id, phone) do update set
        -- Twilio Lookup's answer (lib/phone-lookup.ts) outranks the metadata's.
        phone_type = case when c.phone_type_checked_at is null then excluded.phone_type else c.phone_type end,
        last_call_at = greatest(c.last_call_at, excluded.last_call_at),
        name = case when c.saved then c.name else coalesce(excluded.name, c.name) end,
        updated_at = now()
      returning id, phone_type`;
}
