import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { accounts, auditLog, calls, contacts } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { ACTOR, makeAccount, rememberCaller } from "@/tests/contacts-fixtures";
import { contactCalls, createContact, deleteContact, getContact, getContactRow, listContacts, updateContact } from "./contacts";

const blank = { email: null, company: null, notes: null };
let a: string;
let b: string;

beforeAll(async () => {
  a = await makeAccount(db, "alpha");
  b = await makeAccount(db, "beta");
  await createContact(db, a, ACTOR, { name: "Jane Citizen", phone: "0412 345 678", ...blank, email: "jane@citizen.example" });
  await createContact(db, a, ACTOR, { name: "oliver Nguyen", phone: "+61 2 9000 1234", ...blank });
  await createContact(db, a, ACTOR, { name: "Priya Sharma", phone: "+1 415 555 2671", ...blank, company: "Sharma & Co" });
  // The same number in another account: a different person there.
  await createContact(db, b, ACTOR, { name: "Beta's Jane", phone: "0412345678", ...blank });
});

describe("listContacts search", () => {
  const names = async (q: string, account = a) => (await listContacts(db, account, { q })).contacts.map((c) => c.name);

  it("finds by part of a name, case-insensitively, and by email", async () => {
    expect(await names("jane")).toEqual(["Jane Citizen"]);
    expect(await names("NGUY")).toEqual(["oliver Nguyen"]);
    expect(await names("citizen.example")).toEqual(["Jane Citizen"]);
    expect(await names("%")).toEqual([]); // LIKE wildcards are literal
  });

  it("finds by number in any common format, normalised with the account's country", async () => {
    for (const q of ["0412 345 678", "+61412345678", "(04) 1234-5678", "61 412 345 678", "345 678", "0412"]) {
      expect(await names(q), q).toEqual(["Jane Citizen"]);
    }
    expect(await names("(02) 9000 1234")).toEqual(["oliver Nguyen"]);
    expect(await names("415-555-2671")).toEqual(["Priya Sharma"]);
  });

  it("never returns another account's contacts", async () => {
    expect(await names("jane", b)).toEqual(["Beta's Jane"]);
    expect(await names("Priya", b)).toEqual([]);
    const [aJane] = (await listContacts(db, a, { q: "jane" })).contacts;
    expect(await getContact(db, b, aJane!.id)).toBeNull();
    expect(await getContactRow(db, b, aJane!.id)).toBeNull();
  });

  it("lists saved contacts only, not remembered callers", async () => {
    await rememberCaller(db, a, "+61499999999", "Heard Name");
    expect(await names("499 999")).toEqual([]);
  });
});

describe("keyset pagination", () => {
  it("pages forward and back by name without overlap or gaps, stable under equal names", async () => {
    const acc = await makeAccount(db, "pages");
    const want: string[] = [];
    for (let i = 0; i < 23; i++) {
      const name = i % 5 === 0 ? "Same Name" : `Person ${String(i).padStart(2, "0")}`;
      await createContact(db, acc, ACTOR, { name, phone: `+6141200${String(1000 + i)}`, ...blank });
    }
    const all = (await listContacts(db, acc, { limit: 100 })).contacts;
    expect(all).toHaveLength(23);
    want.push(...all.map((c) => c.id));
    expect(all.map((c) => c.name.toLowerCase())).toEqual([...all.map((c) => c.name.toLowerCase())].sort());

    const seen: string[] = [];
    const pages = [];
    let after: string | undefined;
    for (;;) {
      const page = await listContacts(db, acc, { after, limit: 5 });
      pages.push(page);
      seen.push(...page.contacts.map((c) => c.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toEqual(want);
    expect(pages).toHaveLength(5);
    expect(pages[0]!.prevCursor).toBeNull();

    // Back from the last page, one page at a time, to the first.
    let page = pages.at(-1)!;
    const back: string[][] = [page.contacts.map((c) => c.id)];
    while (page.prevCursor) {
      page = await listContacts(db, acc, { before: page.prevCursor, limit: 5 });
      back.unshift(page.contacts.map((c) => c.id));
    }
    expect(back.flat()).toEqual(want);
    expect(page.contacts.map((c) => c.id)).toEqual(want.slice(0, 5));
  });

  it("refuses a forged cursor with a 400", async () => {
    await expect(listContacts(db, a, { after: "not-a-cursor" })).rejects.toMatchObject({ status: 400 });
  });
});

describe("createContact", () => {
  it("turns a remembered caller into a saved contact, keeping their calls", async () => {
    const { contactId, callId } = await rememberCaller(db, a, "+61455512345", "Mia");
    const { contact, promoted } = await createContact(db, a, ACTOR, { name: "Mia Wong", phone: "0455 512 345", ...blank });
    expect(promoted).toBe(true);
    expect(contact.id).toBe(contactId);
    expect(contact.phone).toBe("+61455512345");
    expect((await contactCalls(db, a, contactId)).map((c) => c.id)).toEqual([callId]);
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.accountId, a), eq(auditLog.target, contactId)));
    expect(audit).toMatchObject({ action: "contact.created", actorLabel: "test", meta: { from: "caller" } });
  });

  it("refuses a number that is already saved, naming who has it, and an invalid number", async () => {
    const dup = await createContact(db, a, ACTOR, { name: "Someone", phone: "+61412345678", ...blank }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(AppError);
    expect(dup).toMatchObject({ status: 409, fields: [{ field: "phone", message: "Already saved as “Jane Citizen”" }] });
    await expect(createContact(db, a, ACTOR, { name: "X", phone: "12345", ...blank })).rejects.toMatchObject({
      status: 400,
      fields: [{ field: "phone" }],
    });
  });

  it("uses the account's default country for national numbers", async () => {
    const us = await makeAccount(db, "us");
    await db.update(accounts).set({ defaultCountry: "US" }).where(eq(accounts.id, us));
    const { contact } = await createContact(db, us, ACTOR, { name: "Al", phone: "(415) 555-2671", ...blank });
    expect(contact.phone).toBe("+14155552671");
  });

  it("links the call it was saved from", async () => {
    const { callId } = await rememberCaller(db, a, "+61466612345");
    await db.update(calls).set({ contactId: null }).where(eq(calls.id, callId));
    const { contact } = await createContact(db, a, ACTOR, { name: "Linked", phone: "+61466612345", ...blank }, { callId });
    const [call] = await db.select().from(calls).where(eq(calls.id, callId));
    expect(call!.contactId).toBe(contact.id);
  });
});

describe("updateContact and deleteContact", () => {
  it("edits fields, and a new number that belongs to a remembered caller absorbs that caller's calls", async () => {
    const { contact } = await createContact(db, a, ACTOR, { name: "Edit Me", phone: "+61477712345", ...blank });
    const caller = await rememberCaller(db, a, "+61477799999", "Edie");
    const updated = await updateContact(db, a, ACTOR, contact.id, { name: "Edited", phone: "0477 799 999", company: "Co" });
    expect(updated).toMatchObject({ id: contact.id, name: "Edited", phone: "+61477799999", company: "Co", email: null });
    expect(await getContactRow(db, a, caller.contactId)).toBeNull();
    expect((await contactCalls(db, a, contact.id)).map((c) => c.id)).toEqual([caller.callId]);
  });

  it("refuses a number saved for someone else, and another account's id", async () => {
    const { contact } = await createContact(db, a, ACTOR, { name: "Clash", phone: "+61488812345", ...blank });
    await expect(updateContact(db, a, ACTOR, contact.id, { phone: "0412 345 678" })).rejects.toMatchObject({ status: 409 });
    await expect(updateContact(db, b, ACTOR, contact.id, { name: "Hijack" })).rejects.toMatchObject({ status: 404 });
    await expect(deleteContact(db, b, ACTOR, contact.id)).rejects.toMatchObject({ status: 404 });
    expect((await getContact(db, a, contact.id))!.name).toBe("Clash");
  });

  it("delete unsaves the row and clears its details, and its calls keep pointing at it", async () => {
    const { contactId, callId } = await rememberCaller(db, a, "+61499912345");
    await createContact(db, a, ACTOR, { name: "Gone Soon", phone: "+61499912345", email: "g@x.example", company: "C", notes: "N" });
    await deleteContact(db, a, ACTOR, contactId);
    const [row] = await db.select().from(contacts).where(eq(contacts.id, contactId));
    expect(row).toMatchObject({ saved: false, name: null, email: null, company: null, notes: null, phone: "+61499912345" });
    expect(await getContact(db, a, contactId)).toBeNull();
    const [call] = await db.select().from(calls).where(eq(calls.id, callId));
    expect(call!.contactId).toBe(contactId);
    await expect(deleteContact(db, a, ACTOR, contactId)).rejects.toMatchObject({ status: 404 });
  });
});
