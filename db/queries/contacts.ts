import { and, asc, desc, eq, ilike, like, or, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db";
import { accounts, calls, contacts } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import type { ImportCandidate } from "@/lib/contacts/csv";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { toE164 } from "@/lib/phone";
import { phoneTypeOf } from "@/lib/phone-type";

/**
 * The address book. Rows with `saved = false` are callers ingest remembered (so they can be saved
 * later); everything here that lists or returns "contacts" means saved ones, and every query is
 * scoped to one account.
 */

export type Contact = {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  company: string | null;
  notes: string | null;
  phoneType: (typeof contacts.$inferSelect)["phoneType"];
  lastCallAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const contactColumns = {
  id: contacts.id,
  name: contacts.name,
  phone: contacts.phone,
  email: contacts.email,
  company: contacts.company,
  notes: contacts.notes,
  phoneType: contacts.phoneType,
  lastCallAt: contacts.lastCallAt,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
  saved: contacts.saved,
};

type Row = { [K in keyof typeof contactColumns]: (typeof contacts.$inferSelect)[K] };

function toContact(row: Row): Contact {
  const { saved: _saved, ...rest } = row;
  return { ...rest, name: row.name ?? "" };
}

// Sorted case-insensitively by name, then id, so the keyset is total and pages never overlap.
const sortKey = sql<string>`lower(${contacts.name})`;


function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Name (contains, case-insensitive), email, or number: a complete number in any common format is
 * normalised to E.164 with the account's country; a partial one matches digits anywhere in the number.
 */
export function contactSearchCondition(q: string, defaultCountry: string): SQL | undefined {
  const term = q.trim();
  if (!term) return undefined;
  const conditions: SQL[] = [ilike(contacts.name, `%${escapeLike(term)}%`), ilike(contacts.email, `%${escapeLike(term)}%`)];
  const e164 = toE164(term, defaultCountry);
  if (e164) conditions.push(eq(contacts.phone, e164));
  if (/^[\d\s()+.-]+$/.test(term)) {
    // A national number's leading 0 is not in the E.164 form: "0412 345" finds +61412345….
    const digits = term.replace(/\D/g, "").replace(/^0+/, "");
    if (digits.length >= 3) conditions.push(like(contacts.phone, `%${digits}%`));
  }
  return or(...conditions);
}

export async function defaultCountryOf(db: Db | Tx, accountId: string): Promise<string> {
  const [row] = await db.select({ c: accounts.defaultCountry }).from(accounts).where(eq(accounts.id, accountId));
  if (!row) throw AppError.notFound("Account not found.");
  return row.c;
}

export type ContactPage = { contacts: Contact[]; nextCursor: string | null; prevCursor: string | null };

/** One page of saved contacts, by name. `after` pages forward, `before` pages back. */
export async function listContacts(
  db: Db,
  accountId: string,
  opts: { q?: string; after?: string; before?: string; limit?: number; defaultCountry?: string } = {},
): Promise<ContactPage> {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 1000);
  const country = opts.defaultCountry ?? (opts.q ? await defaultCountryOf(db, accountId) : "AU");
  const backwards = !opts.after && !!opts.before;
  const cursor = decodeCursor(opts.after || opts.before, ["key", "id"]);
  const where = and(
    eq(contacts.accountId, accountId),
    eq(contacts.saved, true),
    opts.q ? contactSearchCondition(opts.q, country) : undefined,
    cursor
      ? backwards
        ? sql`(${sortKey}, ${contacts.id}) < (${cursor.key}, ${cursor.id})`
        : sql`(${sortKey}, ${contacts.id}) > (${cursor.key}, ${cursor.id})`
      : undefined,
  );
  const rows = await db
    .select({ ...contactColumns, key: sortKey })
    .from(contacts)
    .where(where)
    .orderBy(...(backwards ? [desc(sortKey), desc(contacts.id)] : [asc(sortKey), asc(contacts.id)]))
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const edge = (r: (typeof page)[number] | undefined) => (r ? encodeCursor({ key: r.key, id: r.id }) : null);
  return {
    contacts: page.map(({ key: _key, ...r }) => toContact(r)),
    nextCursor: backwards ? edge(last) : more ? edge(last) : null,
    prevCursor: backwards ? (more ? edge(first) : null) : cursor ? edge(first) : null,
  };
}

export async function countContacts(db: Db, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(and(eq(contacts.accountId, accountId), eq(contacts.saved, true)));
  return row?.n ?? 0;
}

/** A saved contact of this account, or null (another account's id is null too). */
export async function getContact(db: Db | Tx, accountId: string, id: string): Promise<Contact | null> {
  const [row] = await db
    .select(contactColumns)
    .from(contacts)
    .where(and(eq(contacts.accountId, accountId), eq(contacts.id, id), eq(contacts.saved, true)));
  return row ? toContact(row) : null;
}

/** Any contact row of this account, saved or a remembered caller (the contact page shows both). */
export async function getContactRow(db: Db, accountId: string, id: string) {
  const [row] = await db.select(contactColumns).from(contacts).where(and(eq(contacts.accountId, accountId), eq(contacts.id, id)));
  return row ?? null;
}

export async function contactCalls(db: Db, accountId: string, contactId: string, limit = 100) {
  return db
    .select({
      id: calls.id,
      direction: calls.direction,
      status: calls.status,
      endedAt: calls.endedAt,
      durationSeconds: calls.durationSeconds,
      summary: calls.summary,
      contactNameHeard: calls.contactNameHeard,
    })
    .from(calls)
    .where(and(eq(calls.accountId, accountId), eq(calls.contactId, contactId)))
    .orderBy(desc(calls.endedAt), desc(calls.id))
    .limit(limit);
}

function phoneOrThrow(raw: string, country: string): string {
  const e164 = toE164(raw, country);
  if (!e164) {
    throw AppError.badRequest("Some fields need attention.", [
      { field: "phone", message: `Enter a valid phone number (international, or national for ${country})` },
    ]);
  }
  return e164;
}

function duplicateError(name: string | null) {
  return new AppError(409, "conflict", `This number is already saved as “${name ?? "a contact"}”.`, [
    { field: "phone", message: `Already saved as “${name ?? "a contact"}”` },
  ]);
}

export type ContactValues = { name: string; phone: string; email: string | null; company: string | null; notes: string | null };

/**
 * Saves a contact. A number that called before (an unsaved row) becomes the saved contact, keeping
 * its calls; a number already saved is a 409 naming who has it.
 */
export async function createContact(
  db: Db,
  accountId: string,
  actor: Actor,
  input: ContactValues,
  opts: { callId?: string } = {},
): Promise<{ contact: Contact; promoted: boolean }> {
  return db.transaction(async (tx) => {
    const phone = phoneOrThrow(input.phone, await defaultCountryOf(tx, accountId));
    const values = { name: input.name, email: input.email, company: input.company, notes: input.notes };
    const [existing] = await tx
      .select({ id: contacts.id, saved: contacts.saved, name: contacts.name })
      .from(contacts)
      .where(and(eq(contacts.accountId, accountId), eq(contacts.phone, phone)))
      .for("update");
    if (existing?.saved) throw duplicateError(existing.name);
    let row: Row;
    if (existing) {
      [row] = (await tx
        .update(contacts)
        .set({ ...values, saved: true, updatedAt: new Date() })
        .where(eq(contacts.id, existing.id))
        .returning(contactColumns)) as [Row];
    } else {
      // on conflict: a concurrent ingest may have just remembered this caller; take its row over.
      [row] = (await tx
        .insert(contacts)
        .values({ id: newId("ct"), accountId, phone, phoneType: phoneTypeOf(phone), saved: true, ...values })
        .onConflictDoUpdate({
          target: [contacts.accountId, contacts.phone],
          set: { ...values, saved: true, updatedAt: new Date() },
          setWhere: sql`not ${contacts.saved}`,
        })
        .returning(contactColumns)) as [Row];
      if (!row) throw duplicateError(null);
    }
    if (opts.callId) {
      // Saved from a call page: link that call if ingest had not linked it (same number only).
      await tx
        .update(calls)
        .set({ contactId: row.id })
        .where(and(eq(calls.accountId, accountId), eq(calls.id, opts.callId), eq(calls.callerNumber, phone)));
    }
    await audit(tx, {
      accountId,
      actor,
      action: "contact.created",
      target: row.id,
      meta: { from: opts.callId ? "call" : existing ? "caller" : "new", ...(opts.callId ? { callId: opts.callId } : {}) },
    });
    return { contact: toContact(row), promoted: !!existing };
  });
}

/**
 * Edits a saved contact. A new number that belongs to a remembered caller absorbs that caller's row
 * (its calls move here); one that belongs to another saved contact is a 409.
 */
export async function updateContact(
  db: Db,
  accountId: string,
  actor: Actor,
  id: string,
  patch: Partial<ContactValues>,
): Promise<Contact> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select(contactColumns)
      .from(contacts)
      .where(and(eq(contacts.accountId, accountId), eq(contacts.id, id), eq(contacts.saved, true)))
      .for("update");
    if (!current) throw AppError.notFound("Contact not found.");
    const set: Partial<typeof contacts.$inferInsert> = { updatedAt: new Date() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.email !== undefined) set.email = patch.email;
    if (patch.company !== undefined) set.company = patch.company;
    if (patch.notes !== undefined) set.notes = patch.notes;
    const changed: string[] = Object.keys(set).filter((k) => k !== "updatedAt");
    if (patch.phone !== undefined) {
      const phone = phoneOrThrow(patch.phone, await defaultCountryOf(tx, accountId));
      if (phone !== current.phone) {
        const [other] = await tx
          .select({ id: contacts.id, saved: contacts.saved, name: contacts.name })
          .from(contacts)
          .where(and(eq(contacts.accountId, accountId), eq(contacts.phone, phone)))
          .for("update");
        if (other?.saved) throw duplicateError(other.name);
        if (other) {
          await tx.update(calls).set({ contactId: id }).where(and(eq(calls.accountId, accountId), eq(calls.contactId, other.id)));
          await tx.delete(contacts).where(eq(contacts.id, other.id));
        }
        set.phone = phone;
        set.phoneType = phoneTypeOf(phone);
        changed.push("phone");
      }
    }
    const [row] = (await tx.update(contacts).set(set).where(eq(contacts.id, id)).returning(contactColumns)) as [Row];
    await audit(tx, { accountId, actor, action: "contact.updated", target: id, meta: { fields: changed } });
    return toContact(row);
  });
}

/**
 * Deletes a saved contact from the address book. Its calls still point at the row, so the row stays
 * as a remembered caller: unsaved, with the name and details cleared.
 */
export async function deleteContact(db: Db, accountId: string, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(contacts)
      .set({ saved: false, name: null, email: null, company: null, notes: null, updatedAt: new Date() })
      .where(and(eq(contacts.accountId, accountId), eq(contacts.id, id), eq(contacts.saved, true)))
      .returning({ id: contacts.id });
    if (!row) throw AppError.notFound("Contact not found.");
    await audit(tx, { accountId, actor, action: "contact.deleted", target: id });
  });
}

const IMPORT_BATCH = 5000;

/**
 * Imports planned rows in one transaction. A number already saved is merged (the file's non-empty
 * cells win, empty cells keep what was there); a remembered caller becomes saved. Each batch is one
 * upsert statement fed by a single JSON parameter (jsonb_to_recordset), so 10,000 rows are a handful
 * of round trips. Returns the numbers that were merged.
 */
export async function importContacts(
  db: Db,
  accountId: string,
  actor: Actor,
  rows: ImportCandidate[],
  meta: Record<string, unknown> = {},
): Promise<{ merged: Set<string> }> {
  return db.transaction(async (tx) => {
    const merged = new Set<string>();
    for (let i = 0; i < rows.length; i += IMPORT_BATCH) {
      const batch = rows.slice(i, i + IMPORT_BATCH).map((r) => ({
        id: newId("ct"),
        phone: r.phone,
        phone_type: phoneTypeOf(r.phone),
        name: r.name,
        email: r.email,
        company: r.company,
        notes: r.notes,
      }));
      const json = JSON.stringify(batch);
      const existing = await tx.execute<{ phone: string }>(sql`
        select c.phone from contacts c
        join jsonb_to_recordset(${json}::jsonb) as t(phone text) on t.phone = c.phone
        where c.account_id = ${accountId} and c.saved`);
      for (const e of existing) merged.add(e.phone);
      await tx.execute(sql`
        insert into contacts (id, account_id, phone, phone_type, name, email, company, notes, saved)
        select t.id, ${accountId}, t.phone, t.phone_type::phone_type, t.name, t.email, t.company, t.notes, true
        from jsonb_to_recordset(${json}::jsonb)
          as t(id text, phone text, phone_type text, name text, email text, company text, notes text)
        on conflict (account_id, phone) do update set
          name = excluded.name,
          email = coalesce(excluded.email, contacts.email),
          company = coalesce(excluded.company, contacts.company),
          notes = coalesce(excluded.notes, contacts.notes),
          saved = true,
          updated_at = now()`);
    }
    await audit(tx, {
      accountId,
      actor,
      action: "contacts.imported",
      meta: { ...meta, imported: rows.length - merged.size, merged: merged.size },
    });
    return { merged };
  });
}

/** Every saved contact, in pages, for the CSV export (no single huge result in memory). */
export async function* allContacts(db: Db, accountId: string, pageSize = 1000): AsyncGenerator<Contact[]> {
  let after: string | undefined;
  for (;;) {
    const page = await listContacts(db, accountId, { after, limit: pageSize });
    if (page.contacts.length > 0) yield page.contacts;
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}
