import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postEvent } from "@/app/api/v1/call-events/route";
import { db } from "@/db";
import { apiKeys, contacts } from "@/db/schema";
import { generateApiKey } from "@/lib/crypto";
import { stopBoss } from "@/lib/jobs/queue";
import { newId } from "@/lib/ids";
import { eventBody, makeAccount, signedRequest } from "@/tests/ingest-fixtures";
import { GET as getOne } from "./[id]/route";
import { GET as getList } from "./route";

const A = "+61290001111";
const B = "+61290002222";
let keyA: string;
let keyB: string;
const ids: string[] = [];

async function keyFor(accountId: string) {
  const k = generateApiKey();
  await db.insert(apiKeys).values({ id: newId("key"), accountId, name: "t", prefix: k.prefix, keyHash: k.hash, role: "viewer" });
  return k.key;
}

beforeAll(async () => {
  const a = await makeAccount(db, A, { actions: [{ channel: "sms", destination: "+61400000009" }] });
  const b = await makeAccount(db, B);
  keyA = await keyFor(a.accountId);
  keyB = await keyFor(b.accountId);
  await db.insert(contacts).values({ id: newId("ct"), accountId: a.accountId, phone: "+61412345678", name: "Jane Saved", saved: true });
  for (let i = 0; i < 5; i++) {
    const ended = new Date(Date.UTC(2026, 10, 24, 9, i));
    const res = await postEvent(
      signedRequest(
        JSON.stringify(
          eventBody({ to: A, call_id: `CA-api-${i}`, started_at: new Date(ended.getTime() - 30_000).toISOString(), ended_at: ended.toISOString() }),
        ),
      ),
      undefined as never,
    );
    ids.push(((await res.json()) as { call_id: string }).call_id);
  }
  await postEvent(signedRequest(JSON.stringify(eventBody({ to: B, call_id: "CA-api-b" }))), undefined as never);
});
afterAll(() => stopBoss());

const req = (path: string, key?: string) =>
  new Request(`http://localhost:3000${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

describe("public calls API", () => {
  it("401 without a key", async () => {
    const res = await getList(req("/api/v1/calls"), undefined as never);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("lists the account's calls newest first with a cursor, never another account's", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await getList(req(`/api/v1/calls?limit=2${cursor ? `&cursor=${cursor}` : ""}`, keyA), undefined as never);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { id: string; contact: { name: string } }[]; next_cursor: string | null };
      seen.push(...body.data.map((c) => c.id));
      if (pages === 0) expect(body.data[0]!.contact.name).toBe("Jane Saved");
      cursor = body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
  });

  it("400 naming a bad limit or cursor", async () => {
    const res = await getList(req("/api/v1/calls?limit=500", keyA), undefined as never);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("limit");
    expect((await getList(req("/api/v1/calls?cursor=bad", keyA), undefined as never)).status).toBe(400);
  });

  it("returns one call with transcript and action results; 404 for another account's call", async () => {
    const id = ids[0]!;
    const res = await getOne(req(`/api/v1/calls/${id}`, keyA), { params: Promise.resolve({ id }) });
    expect(res.status).toBe(200);
    const call = (await res.json()) as Record<string, unknown> & { transcript: unknown[]; actions: { channel: string; status: string }[] };
    expect(call).toMatchObject({ id, external_id: "CA-api-0", status: "completed", duration_seconds: 30 });
    expect(call.transcript).toHaveLength(2);
    expect(call.transcript_text).toMatch(/^Agent: /);
    expect(call.recording_url).toMatch(new RegExp(`^http://localhost:3000/r/${id}\\.`));
    expect(call.actions).toEqual([expect.objectContaining({ channel: "sms", status: "pending", to: "+61400000009" })]);

    const other = await getOne(req(`/api/v1/calls/${id}`, keyB), { params: Promise.resolve({ id }) });
    expect(other.status).toBe(404);
  });
});
