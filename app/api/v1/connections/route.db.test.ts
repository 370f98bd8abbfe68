import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { connectionForInbound } from "@/db/queries/connections";
import { auditLog, calls, connections } from "@/db/schema";
import { newId } from "@/lib/ids";
import { makeAccount, makeApiKey } from "@/tests/contacts-fixtures";
import { responseErrors } from "@/tests/openapi-validate";
import { DELETE } from "./[id]/route";
import { GET, POST } from "./route";

const BASE = "http://localhost:3000/api/v1/connections";
const SECRET = "key_9f3b1c7d2e8a4f60b5c1";
let a: string;
let b: string;
let owner: string;
let developer: string;
let viewer: string;
let otherOwner: string;

function req(method: string, url: string, key: string | null, body?: unknown, contentType = "application/json") {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers["content-type"] = contentType;
  return new Request(url, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
}
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

type Problem = { status: number; detail: string; errors?: { field: string; message: string }[] };

async function post(key: string | null, body: unknown) {
  return POST(req("POST", BASE, key, body), undefined);
}

const audits = (account: string) =>
  db.select().from(auditLog).where(and(eq(auditLog.accountId, account), like(auditLog.action, "connection.%")));

beforeAll(async () => {
  a = await makeAccount(db, "conn-api");
  b = await makeAccount(db, "conn-api-other");
  owner = await makeApiKey(db, a, "owner");
  developer = await makeApiKey(db, a, "developer");
  viewer = await makeApiKey(db, a, "viewer");
  otherOwner = await makeApiKey(db, b, "owner");
});

describe("POST /api/v1/connections", () => {
  it("201 with the id, platform, name, URL and creation time, never the secret; audited without it", async () => {
    const res = await post(developer, { platform: "retell", name: "Sales agent", secret: SECRET });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const body = JSON.parse(text) as Record<string, string>;
    expect(body).toEqual({
      id: expect.stringMatching(/^con_[0-9a-z]{20}$/),
      platform: "retell",
      name: "Sales agent",
      url: `http://localhost:3000/api/v1/inbound/${body.id}`,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(responseErrors("/api/v1/connections", "post", 201, body)).toEqual([]);
    expect((await connectionForInbound(db, body.id!))!).toMatchObject({ accountId: a, platform: "retell", secret: SECRET });

    const [entry] = (await audits(a)).filter((x) => x.target?.includes(body.id!));
    expect(entry).toMatchObject({ action: "connection.created", actorLabel: expect.stringMatching(/^API key ak_/), meta: { platform: "retell" } });
    expect(JSON.stringify(entry)).not.toContain(SECRET);
  });

  it("400 problem+json naming each bad field, and nothing stored", async () => {
    const before = await db.select().from(connections).where(eq(connections.accountId, a));
    const res = await post(owner, { platform: "zoom", name: "", secret: "a b" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as Problem;
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(["name", "platform", "secret"]);
    expect(problem.errors?.find((e) => e.field === "secret")?.message).toMatch(/space or line break/);

    const missing = (await (await post(owner, {})).json()) as Problem;
    expect(missing.errors?.map((e) => e.field).sort()).toEqual(["name", "platform", "secret"]);
    expect(await db.select().from(connections).where(eq(connections.accountId, a))).toEqual(before);
  });

  it("415 for a body that is not JSON, 400 for broken JSON, 400 for text Postgres cannot store", async () => {
    expect((await POST(req("POST", BASE, owner, "platform=vapi", "application/x-www-form-urlencoded"), undefined)).status).toBe(415);
    const broken = await POST(req("POST", BASE, owner, "{", "application/json"), undefined);
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as Problem).errors?.[0]?.field).toBe("(body)");
    expect((await post(owner, { platform: "vapi", name: "nul\u0000name", secret: SECRET })).status).toBe(400);
  });

  it("401 without a key, 403 for a viewer key; nothing stored", async () => {
    const before = await db.select().from(connections).where(eq(connections.accountId, a));
    expect((await post(null, { platform: "vapi", name: "x", secret: SECRET })).status).toBe(401);
    const refused = await post(viewer, { platform: "vapi", name: "x", secret: SECRET });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await db.select().from(connections).where(eq(connections.accountId, a))).toEqual(before);
  });
});

describe("GET /api/v1/connections", () => {
  it("lists the key's account's connections with their last event and refused counts, and no secret", async () => {
    const created = (await (await post(owner, { platform: "vapi", name: "Reception", secret: "vapi-listing-secret-1" })).json()) as { id: string };
    await db.update(connections).set({ refusedCount: 2, lastRefusedAt: new Date(), lastRefusedReason: "bad x-vapi-secret" }).where(eq(connections.id, created.id));
    const now = new Date();
    await db.insert(calls).values({
      id: newId("call"),
      accountId: a,
      eventId: newId("evt"),
      externalId: "vapi-1",
      direction: "inbound",
      status: "completed",
      startedAt: new Date(now.getTime() - 30_000),
      endedAt: now,
      durationSeconds: 30,
      connectionId: created.id,
      platform: "vapi",
    });
    await post(otherOwner, { platform: "bland", name: "Not yours", secret: "bland-secret-other-acc" });

    const res = await GET(req("GET", BASE, developer), undefined);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("vapi-listing-secret-1");
    expect(text).not.toContain("Not yours");
    const body = JSON.parse(text) as { data: Record<string, unknown>[] };
    expect(responseErrors("/api/v1/connections", "get", 200, body)).toEqual([]);
    const row = body.data.find((c) => c.id === created.id);
    expect(row).toEqual({
      id: created.id,
      platform: "vapi",
      name: "Reception",
      url: `http://localhost:3000/api/v1/inbound/${created.id}`,
      created_at: expect.any(String),
      last_event_at: expect.any(String),
      call_count: 1,
      refused_count: 2,
      last_refused_at: expect.any(String),
      last_refused_reason: "bad x-vapi-secret",
      wait_seconds: 180,
    });
    expect(body.data.every((c) => c.refused_count !== undefined && "last_event_at" in c)).toBe(true);
  });

  it("401 without a key, 403 for a viewer key", async () => {
    expect((await GET(req("GET", BASE, null), undefined)).status).toBe(401);
    expect((await GET(req("GET", BASE, viewer), undefined)).status).toBe(403);
  });
});

describe("DELETE /api/v1/connections/{id}", () => {
  it("204, audited; the connection is gone and a second delete is 404", async () => {
    const { id } = (await (await post(owner, { platform: "synthflow", name: "Bye", secret: "synthflow-secret-abc" })).json()) as { id: string };
    const res = await DELETE(req("DELETE", `${BASE}/${id}`, developer), ctx(id));
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(await connectionForInbound(db, id)).toBeNull();
    expect((await audits(a)).filter((x) => x.target?.includes(id)).map((x) => x.action).sort()).toEqual(["connection.created", "connection.deleted"]);
    expect((await DELETE(req("DELETE", `${BASE}/${id}`, developer), ctx(id))).status).toBe(404);
  });

  it("404 for another account's connection and for an id that is not one; 403 for a viewer; nothing deleted", async () => {
    const { id } = (await (await post(otherOwner, { platform: "elevenlabs", name: "Theirs", secret: "wsec_other_account_1" })).json()) as { id: string };
    const foreign = await DELETE(req("DELETE", `${BASE}/${id}`, owner), ctx(id));
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");
    expect((await DELETE(req("DELETE", `${BASE}/nope`, owner), ctx("nope"))).status).toBe(404);

    const mine = (await (await post(owner, { platform: "vapi", name: "Keep", secret: "vapi-secret-keep-1" })).json()) as { id: string };
    expect((await DELETE(req("DELETE", `${BASE}/${mine.id}`, viewer), ctx(mine.id))).status).toBe(403);
    expect(await connectionForInbound(db, id)).not.toBeNull();
    expect(await connectionForInbound(db, mine.id)).not.toBeNull();
    expect((await audits(b)).map((x) => x.action)).not.toContain("connection.deleted");
  });
});
