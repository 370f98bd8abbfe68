import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { createContact } from "@/db/queries/contacts";
import { ACTOR, makeAccount, makeApiKey, rememberCaller } from "@/tests/contacts-fixtures";
import { DELETE, GET as GET_ONE, PATCH } from "./[id]/route";
import { GET, POST } from "./route";

const BASE = "http://localhost:3000/api/v1/contacts";
let a: string;
let owner: string;
let viewer: string;
let otherOwner: string;

function req(method: string, url: string, key: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  a = await makeAccount(db, "api");
  const b = await makeAccount(db, "api-other");
  owner = await makeApiKey(db, a, "owner");
  viewer = await makeApiKey(db, a, "viewer");
  otherOwner = await makeApiKey(db, b, "owner");
  for (const [name, phone] of [
    ["Ann", "+61411000001"],
    ["bob", "+61411000002"],
    ["Cat", "+61411000003"],
  ] as const) {
    await createContact(db, a, ACTOR, { name, phone, email: null, company: null, notes: null });
  }
});

describe("GET /api/v1/contacts", () => {
  it("401 without a key, and lists the key's account's contacts with cursor pagination", async () => {
    expect((await GET(req("GET", BASE, null), undefined)).status).toBe(401);
    const first = await GET(req("GET", `${BASE}?limit=2`, viewer), undefined);
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { data: { name: string; phone: string; phone_type: string }[]; next_cursor: string };
    expect(page1.data.map((c) => c.name)).toEqual(["Ann", "bob"]);
    expect(page1.data[0]).toMatchObject({ phone: "+61411000001", phone_type: "mobile", email: null, last_call_at: null });
    const page2 = (await (await GET(req("GET", `${BASE}?limit=2&cursor=${page1.next_cursor}`, viewer), undefined)).json()) as {
      data: { name: string }[];
      next_cursor: string | null;
    };
    expect(page2).toMatchObject({ data: [{ name: "Cat" }], next_cursor: null });
  });

  it("searches with ?q= by name or number in any format", async () => {
    const names = async (q: string) =>
      ((await (await GET(req("GET", `${BASE}?q=${encodeURIComponent(q)}`, viewer), undefined)).json()) as { data: { name: string }[] }).data.map(
        (c) => c.name,
      );
    expect(await names("BOB")).toEqual(["bob"]);
    expect(await names("0411 000 003")).toEqual(["Cat"]);
  });

  it("another account's key sees none of them; a bad limit or cursor is a 400 problem", async () => {
    const other = (await (await GET(req("GET", BASE, otherOwner), undefined)).json()) as { data: unknown[] };
    expect(other.data).toEqual([]);
    const bad = await GET(req("GET", `${BASE}?limit=1000`, viewer), undefined);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect((await GET(req("GET", `${BASE}?cursor=zzz`, viewer), undefined)).status).toBe(400);
  });
});

describe("POST /api/v1/contacts", () => {
  it("creates with a normalised number (201), refuses viewers (403), duplicates (409) and bad fields (400)", async () => {
    const created = await POST(req("POST", BASE, owner, { name: "Dee", phone: "0411 000 004", email: "dee@x.example" }), undefined);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; phone: string };
    expect(body).toMatchObject({ name: "Dee", phone: "+61411000004", email: "dee@x.example", company: null });
    expect(created.headers.get("location")).toBe(`/api/v1/contacts/${body.id}`);

    expect((await POST(req("POST", BASE, viewer, { name: "V", phone: "0411000009" }), undefined)).status).toBe(403);

    const dup = await POST(req("POST", BASE, owner, { name: "Dup", phone: "+61411000004" }), undefined);
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ detail: "This number is already saved as “Dee”." });

    const invalid = await POST(req("POST", BASE, owner, { name: "", phone: "12", email: "nope" }), undefined);
    expect(invalid.status).toBe(400);
    const fields = ((await invalid.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["name", "email"]));

    const badPhone = await POST(req("POST", BASE, owner, { name: "X", phone: "12345" }), undefined);
    expect(badPhone.status).toBe(400);
    expect(await badPhone.json()).toMatchObject({ errors: [{ field: "phone" }] });
  });

  it("saving a number that called before makes that caller a contact", async () => {
    const caller = await rememberCaller(db, a, "+61411000005", "Heard");
    const res = await POST(req("POST", BASE, owner, { name: "Eve", phone: "+61 411 000 005" }), undefined);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: caller.contactId, name: "Eve" });
  });
});

describe("GET/PATCH/DELETE /api/v1/contacts/{id}", () => {
  it("reads, patches (null clears), deletes; another account's id is a 404", async () => {
    const { contact } = await createContact(db, a, ACTOR, { name: "Fay", phone: "+61411000006", email: "f@x.example", company: "F Co", notes: null });
    const one = await GET_ONE(req("GET", `${BASE}/${contact.id}`, viewer), ctx(contact.id));
    expect(await one.json()).toMatchObject({ id: contact.id, name: "Fay", company: "F Co" });

    expect((await GET_ONE(req("GET", `${BASE}/${contact.id}`, otherOwner), ctx(contact.id))).status).toBe(404);
    expect((await PATCH(req("PATCH", `${BASE}/${contact.id}`, otherOwner, { name: "X" }), ctx(contact.id))).status).toBe(404);
    expect((await DELETE(req("DELETE", `${BASE}/${contact.id}`, otherOwner), ctx(contact.id))).status).toBe(404);
    expect((await PATCH(req("PATCH", `${BASE}/${contact.id}`, viewer, { name: "X" }), ctx(contact.id))).status).toBe(403);

    const patched = await PATCH(req("PATCH", `${BASE}/${contact.id}`, owner, { name: "Fay B", company: null, phone: "0411 000 007" }), ctx(contact.id));
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: "Fay B", company: null, email: "f@x.example", phone: "+61411000007" });
    expect((await PATCH(req("PATCH", `${BASE}/${contact.id}`, owner, { saved: false }), ctx(contact.id))).status).toBe(400);

    expect((await DELETE(req("DELETE", `${BASE}/${contact.id}`, owner), ctx(contact.id))).status).toBe(204);
    expect((await GET_ONE(req("GET", `${BASE}/${contact.id}`, owner), ctx(contact.id))).status).toBe(404);
    expect((await GET_ONE(req("GET", `${BASE}/ct_nope`, owner), ctx("../x"))).status).toBe(404);
  });
});
