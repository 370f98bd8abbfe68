import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listDeliveriesRoute } from "@/app/api/v1/webhook-deliveries/route";
import { POST as resendRoute } from "@/app/api/v1/webhook-deliveries/[id]/resend/route";
import { db } from "@/db";
import { auditLog, calls, deliveries, deliveryAttempts, postCallActions, users } from "@/db/schema";
import { requireApiKey } from "@/lib/api/auth";
import { newId } from "@/lib/ids";
import { createAccountForUser } from "@/db/queries/accounts";
import { createApiKey, listApiKeys, revokeApiKey } from "@/db/queries/api-keys";
import { getDelivery, listWebhookDeliveries, reenableEndpoint, resendDelivery } from "@/db/queries/deliveries";

const actor = { userId: null, label: "test" };

async function account(email: string) {
  const [user] = await db.insert(users).values({ email }).returning();
  return createAccountForUser(db, { userId: user!.id, name: email, credits: 100 });
}

async function webhookDelivery(accountId: string, status: "sent" | "failed" | "pending", createdAt: Date) {
  const callId = newId("call");
  await db.insert(calls).values({
    id: callId,
    accountId,
    eventId: newId("evt"),
    externalId: newId("CA"),
    agentNumber: `+6129${Math.floor(Math.random() * 1e6).toString().padStart(6, "0")}`,
    direction: "inbound",
    status: "completed",
    fromNumber: "+61412345678",
    toNumber: "+61290000000",
    startedAt: new Date(createdAt.getTime() - 60_000),
    endedAt: createdAt,
    durationSeconds: 60,
  });
  const id = newId("dlv");
  await db.insert(deliveries).values({
    id,
    accountId,
    callId,
    channel: "webhook",
    destination: "https://hooks.example.com/a",
    status,
    messageId: newId("msg"),
    attemptCount: 1,
    lastStatusCode: status === "sent" ? 200 : 500,
    createdAt,
  });
  await db.insert(deliveryAttempts).values({ deliveryId: id, accountId, attemptNumber: 1, startedAt: createdAt, outcome: status === "sent" ? "success" : "final_error", statusCode: 500 });
  return id;
}

let a: string;
let b: string;
beforeAll(async () => {
  a = await account("a@devtools.test");
  b = await account("b@devtools.test");
});

describe("API keys", () => {
  it("are shown once, stored hashed, listed per account, and refused at once when revoked", async () => {
    const created = await createApiKey(db, a, { name: "CI", role: "developer", createdBy: null, actor });
    expect(created.key).toMatch(/^ak_[A-Za-z0-9_-]{43}$/);
    const raw = await db.execute<{ key_hash: string }>(sql`select key_hash from api_keys where id = ${created.id}`);
    expect(raw[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(raw[0]!.key_hash).not.toContain(created.key.slice(3));
    expect((await listApiKeys(db, a)).map((k) => k.name)).toEqual(["CI"]);
    expect(await listApiKeys(db, b)).toEqual([]);

    const request = () => new Request("http://x/api/v1/calls", { headers: { authorization: `Bearer ${created.key}` } });
    await expect(requireApiKey(request())).resolves.toMatchObject({ accountId: a, role: "developer" });
    await expect(revokeApiKey(db, b, created.id, actor)).rejects.toThrow(/does not exist/);
    await revokeApiKey(db, a, created.id, actor);
    await expect(requireApiKey(request())).rejects.toMatchObject({ status: 401 });
    const audits = await db.select().from(auditLog).where(eq(auditLog.accountId, a));
    expect(audits.map((x) => x.action)).toEqual(expect.arrayContaining(["api_key.created", "api_key.revoked"]));
  });
});

describe("webhook deliveries", () => {
  it("list newest first with keyset pagination and a status filter, scoped to the account", async () => {
    const base = Date.now();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await webhookDelivery(a, i % 2 ? "failed" : "sent", new Date(base - i * 1000)));
    await webhookDelivery(b, "sent", new Date(base));

    const first = await listWebhookDeliveries(db, a, { limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual(ids.slice(0, 2));
    const second = await listWebhookDeliveries(db, a, { limit: 2, cursor: first.next! });
    expect(second.rows.map((r) => r.id)).toEqual(ids.slice(2, 4));
    const failed = await listWebhookDeliveries(db, a, { status: "failed" });
    expect(failed.rows.map((r) => r.id)).toEqual([ids[1], ids[3]]);
    expect(await getDelivery(db, b, ids[0]!)).toBeNull();
  });

  it("resend keeps the webhook-id, queues a job, and refuses another account's delivery", async () => {
    const id = await webhookDelivery(a, "failed", new Date());
    const before = await getDelivery(db, a, id);
    await expect(resendDelivery(db, b, id, actor)).rejects.toMatchObject({ status: 404 });
    const updated = await resendDelivery(db, a, id, actor);
    expect(updated.status).toBe("pending");
    expect(updated.messageId).toBe(before!.messageId);
    const jobs = await db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'delivery' and data->>'deliveryId' = ${id}`);
    expect(jobs[0]!.n).toBe(1);
    await expect(resendDelivery(db, a, id, actor)).rejects.toMatchObject({ status: 409 });
  });

  it("re-enables a disabled endpoint of the account only", async () => {
    const actionId = newId("act");
    await db.insert(postCallActions).values({ id: actionId, accountId: a, position: 0, channel: "webhook", destination: "https://x.example", disabledReason: "gone", disabledAt: new Date() });
    await expect(reenableEndpoint(db, b, actionId, actor)).rejects.toMatchObject({ status: 404 });
    await reenableEndpoint(db, a, actionId, actor);
    const [row] = await db.select().from(postCallActions).where(eq(postCallActions.id, actionId));
    expect(row!.disabledReason).toBeNull();
  });

  it("public API: lists with attempts and resends, with problem+json for bad keys and other accounts", async () => {
    const key = (await createApiKey(db, a, { name: "api", role: "developer", createdBy: null, actor })).key;
    const viewerKey = (await createApiKey(db, a, { name: "ro", role: "viewer", createdBy: null, actor })).key;
    const otherKey = (await createApiKey(db, b, { name: "b", role: "developer", createdBy: null, actor })).key;
    const id = await webhookDelivery(a, "failed", new Date(Date.now() + 60_000));
    const auth = (k: string) => ({ authorization: `Bearer ${k}` });

    const list = await listDeliveriesRoute(new Request("http://x/api/v1/webhook-deliveries?status=failed&limit=1", { headers: auth(key) }), undefined);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { data: { id: string; attempts: unknown[] }[]; next_cursor: string | null };
    expect(body.data[0]!.id).toBe(id);
    expect(body.data[0]!.attempts).toHaveLength(1);
    expect(body.next_cursor).toBeTruthy();

    const bad = await listDeliveriesRoute(new Request("http://x/api/v1/webhook-deliveries?status=nope", { headers: auth(key) }), undefined);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect((await listDeliveriesRoute(new Request("http://x/api/v1/webhook-deliveries"), undefined)).status).toBe(401);

    const ctx = { params: Promise.resolve({ id }) };
    expect((await resendRoute(new Request("http://x", { method: "POST", headers: auth(otherKey) }), ctx)).status).toBe(404);
    expect((await resendRoute(new Request("http://x", { method: "POST", headers: auth(viewerKey) }), ctx)).status).toBe(403);
    const ok = await resendRoute(new Request("http://x", { method: "POST", headers: auth(key) }), { params: Promise.resolve({ id }) });
    expect(ok.status).toBe(202);
    expect(((await ok.json()) as { status: string }).status).toBe("pending");
  });
});
