import { sql, type SQL } from "drizzle-orm";

/**
 * The body of an ingest statement's `contact` CTE: the caller upserted into the account's contacts
 * (from a preceding CTE named `account` with `account_id`), returning `id, phone_type`.
 *
 * New callers are unsaved; a saved contact keeps its name, an unsaved one remembers the latest name
 * heard so "Save as contact" can offer it. `isNew` is false for an event about a call we already have,
 * which leaves the contact alone. The values are interpolated as given: the values themselves, or a
 * reusable statement's placeholders (db/statement.ts); `id` is the id a new contact gets.
 */
export function callerContactSql(c: { id: unknown; callerNumber: unknown; contactName: unknown; phoneType: unknown; endedAt: unknown; isNew: SQL }): SQL {
  return sql`
      insert into contacts as c (id, account_id, phone, name, saved, phone_type, last_call_at)
      select ${c.id}, account_id, ${c.callerNumber}::text, ${c.contactName}::text, false, ${c.phoneType}::phone_type, ${c.endedAt}::timestamptz
        from account
       where ${c.callerNumber}::text is not null
         and ${c.isNew}
      on conflict (account_id, phone) do update set
        -- Twilio Lookup's answer (lib/phone-lookup.ts) outranks the metadata's.
        phone_type = case when c.phone_type_checked_at is null then excluded.phone_type else c.phone_type end,
        last_call_at = greatest(c.last_call_at, excluded.last_call_at),
        name = case when c.saved then c.name else coalesce(excluded.name, c.name) end,
        updated_at = now()
      returning id, phone_type`;
}
