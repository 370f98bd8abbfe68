import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getCallRoute } from "@/app/api/v1/calls/[id]/route";
import { GET as listCallsRoute } from "@/app/api/v1/calls/route";
import { GET as getContactRoute } from "@/app/api/v1/contacts/[id]/route";
import { GET as listContactsRoute, POST as createContactRoute } from "@/app/api/v1/contacts/route";
import { GET as getActionsRoute, PUT as putActionsRoute } from "@/app/api/v1/post-call-actions/route";
import { GET as secretRoute } from "@/app/api/v1/webhook-secret/route";
import { POST as resendRoute } from "@/app/api/v1/webhook-deliveries/[id]/resend/route";
import { GET as listDeliveriesRoute } from "@/app/api/v1/webhook-deliveries/route";
import { POST as testRoute } from "@/app/api/v1/webhook-test/route";
import { db } from "@/db";
import { createApiKey } from "@/db/queries/api-keys";
import { rotateWebhookSecret } from "@/db/queries/webhook-secrets";
import { auditLog } from "@/db/schema";
import { stopBoss } from "@/lib/jobs/queue";
import { deliver } from "@/lib/jobs/handlers/deliver";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { componentErrors, responseErrors } from "@/tests/openapi-validate";

const actor = { userId: null, label: "test" };
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await stopBoss();
  await receiver.close();
});

const auth = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });
const ctx = <T extends object>(params: T) => ({ params: Promise.resolve(params) });

async function keyFor(accountId: string, role: "developer" | "viewer" = "developer") {
  return (await createApiKey(db, accountId, { name: role, role, createdBy: null, actor })).key;
}

type DeliveryJson = { id: string; status: string; test: boolean; webhook_id: string; attempts: { status_code: number | null; outcome: string }[] };

describe("a test event through the public API", () => {
  it("PUT a webhook action, POST /webhook-test, deliver it, read it back with its attempt", async () => {
    const account = await createAccount();
    const key = await keyFor(account.accountId);
    const url = `${receiver.url}/hooks/aftercall`;

    const put = await putActionsRoute(
      new Request("http://x/api/v1/post-call-actions", {
        method: "PUT",
        headers: auth(key, { "content-type": "application/json" }),
        body: JSON.stringify({ version: 0, actions: [{ channel: "webhook", to: url }, { channel: "sms", to: "0412 345 678", enabled: false }] }),
      }),
      undefined,
    );
    expect(put.status).toBe(200);
    const saved = (await put.json()) as { actions: { id: string; channel: string }[]; version: number };
    expect(responseErrors("/api/v1/post-call-actions", "put", 200, saved)).toEqual([]);
    expect(saved.version).toBe(1);

    const secretRes = await secretRoute(new Request("http://x/api/v1/webhook-secret", { headers: auth(key) }), undefined);
    expect(secretRes.status).toBe(200);
    const secrets = (await secretRes.json()) as { data: { secret: string; expires_at: string | null }[] };
    expect(responseErrors("/api/v1/webhook-secret", "get", 200, secrets)).toEqual([]);
    expect(secrets.data).toHaveLength(1);
    receiver.setSecrets([secrets.data[0]!.secret]);

    const sent = await testRoute(new Request("http://x/api/v1/webhook-test", { method: "POST", headers: auth(key) }), undefined);
    expect(sent.status).toBe(202);
    const queued = (await sent.json()) as { data: DeliveryJson[] };
    expect(responseErrors("/api/v1/webhook-test", "post", 202, queued)).toEqual([]);
    expect(queued.data).toHaveLength(1);
    expect(queued.data[0]).toMatchObject({ status: "pending", test: true, attempts: [] });

    // The worker's job handler, exactly as the worker runs it.
    expect(await deliver({ deliveryId: queued.data[0]!.id })).toBe("sent");
    await receiver.waitFor(1);
    const got = receiver.received[0]!;
    expect(got.path).toBe("/hooks/aftercall");
    expect(got.verifiedWith).toBe(0);
    expect(got.headers["webhook-id"]).toBe(queued.data[0]!.webhook_id);
    expect((JSON.parse(got.body) as { test: boolean }).test).toBe(true);

    const list = await listDeliveriesRoute(new Request("http://x/api/v1/webhook-deliveries?status=sent", { headers: auth(key) }), undefined);
    const page = (await list.json()) as { data: DeliveryJson[] };
    expect(responseErrors("/api/v1/webhook-deliveries", "get", 200, page)).toEqual([]);
    const found = page.data.find((d) => d.id === queued.data[0]!.id)!;
    expect(found).toMatchObject({ status: "sent", test: true, webhook_id: got.headers["webhook-id"] });
    expect(found.attempts).toEqual([expect.objectContaining({ outcome: "success", status_code: 200 })]);

    // One named action; a body that is not ours is refused.
    const one = await testRoute(
      new Request("http://x", { method: "POST", headers: auth(key, { "content-type": "application/json" }), body: JSON.stringify({ action_id: saved.actions[0]!.id }) }),
      undefined,
    );
    expect(one.status).toBe(202);
    const smsAction = saved.actions.find((a) => a.channel === "sms")!;
    const notWebhook = await testRoute(
      new Request("http://x", { method: "POST", headers: auth(key, { "content-type": "application/json" }), body: JSON.stringify({ action_id: smsAction.id }) }),
      undefined,
    );
    expect(notWebhook.status).toBe(404);
    const extra = await testRoute(
      new Request("http://x", { method: "POST", headers: auth(key, { "content-type": "application/json" }), body: JSON.stringify({ nope: 1 }) }),
      undefined,
    );
    expect(extra.status).toBe(400);
  });

  it("says there is no webhook action, refuses viewer keys, and is rate-limited like test sends", async () => {
    const account = await createAccount();
    const key = await keyFor(account.accountId);
    const viewer = await keyFor(account.accountId, "viewer");
    const post = (k: string) => testRoute(new Request("http://x", { method: "POST", headers: auth(k) }), undefined);

    const none = await post(key);
    expect(none.status).toBe(422);
    expect(((await none.json()) as { detail: string }).detail).toMatch(/no enabled webhook action/i);
    await createActions(account.accountId, [{ channel: "webhook", destination: `${receiver.url}/x` }]);
    expect((await post(viewer)).status).toBe(403);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(key)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });
});

describe("GET /api/v1/webhook-secret", () => {
  it("returns the current and previous secrets newest first, for owner/developer keys only, audited", async () => {
    const account = await createAccount();
    const key = await keyFor(account.accountId);
    const viewer = await keyFor(account.accountId, "viewer");
    const get = (k: string) => secretRoute(new Request("http://x", { headers: auth(k) }), undefined);
    expect((await get(viewer)).status).toBe(403);
    const first = ((await (await get(key)).json()) as { data: { secret: string }[] }).data;
    const rotated = await rotateWebhookSecret(db, account.accountId, actor);
    const after = ((await (await get(key)).json()) as { data: { secret: string; expires_at: string | null }[] }).data;
    expect(after.map((s) => s.secret)).toEqual([rotated.secret, first[0]!.secret]);
    expect(after[0]!.expires_at).toBeNull();
    expect(new Date(after[1]!.expires_at!).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const reads = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.accountId, account.accountId), eq(auditLog.action, "webhook_secret.read_via_api")));
    expect(reads).toHaveLength(2);
    expect(reads[0]!.actorLabel).toMatch(/^API key ak_/);
  });
});

describe("the OpenAPI document matches real responses", () => {
  it("calls, one call, actions and contacts", async () => {
    const account = await createAccount();
    const key = await keyFor(account.accountId);
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61412000111" },
      { channel: "webhook", destination: "https://hooks.example.com/a" },
    ]);
    // (The factory saves contacts with a `ctc_` id; real ones are `ct_`, as the document says, so no saved name here.)
    const { callId } = await createCall(account, actions, { contactNameHeard: "Jane Citizen" });

    const calls = await (await listCallsRoute(new Request("http://x/api/v1/calls", { headers: auth(key) }), undefined)).json();
    expect(responseErrors("/api/v1/calls", "get", 200, calls)).toEqual([]);
    const call = await (await getCallRoute(new Request("http://x", { headers: auth(key) }), ctx({ id: callId }))).json();
    expect(responseErrors("/api/v1/calls/{id}", "get", 200, call)).toEqual([]);
    expect((call as { actions: unknown[] }).actions).toHaveLength(2);

    const got = await (await getActionsRoute(new Request("http://x", { headers: auth(key) }), undefined)).json();
    expect(responseErrors("/api/v1/post-call-actions", "get", 200, got)).toEqual([]);
    expect(got).toMatchObject({ version: expect.any(Number) });

    const created = await createContactRoute(
      new Request("http://x", {
        method: "POST",
        headers: auth(key, { "content-type": "application/json" }),
        body: JSON.stringify({ name: "Sam Lee", phone: "0400 555 111", email: "sam@example.com" }),
      }),
      undefined,
    );
    expect(created.status).toBe(201);
    const contact = (await created.json()) as { id: string };
    expect(responseErrors("/api/v1/contacts", "post", 201, contact)).toEqual([]);
    const one = await (await getContactRoute(new Request("http://x", { headers: auth(key) }), ctx({ id: contact.id }))).json();
    expect(responseErrors("/api/v1/contacts/{id}", "get", 200, one)).toEqual([]);
    const list = await (await listContactsRoute(new Request("http://x/api/v1/contacts", { headers: auth(key) }), undefined)).json();
    expect(responseErrors("/api/v1/contacts", "get", 200, list)).toEqual([]);

    // A resend answer is a Delivery too, and problems are Problem documents.
    const missing = await resendRoute(new Request("http://x", { method: "POST", headers: auth(key) }), ctx({ id: "dlv_nope" }));
    expect(missing.status).toBe(404);
    expect(componentErrors("Problem", await missing.json())).toEqual([]);
  });

  it("refuses a response that drifted (the check can fail)", () => {
    expect(componentErrors("Contact", { id: "ct_1", name: "x" })).not.toEqual([]);
    expect(componentErrors("Delivery", { id: "dlv_1", surprise: true })).not.toEqual([]);
  });
});
