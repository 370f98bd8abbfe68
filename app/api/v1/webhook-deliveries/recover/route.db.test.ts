import { eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { POST as recoverRoute } from "@/app/api/v1/webhook-deliveries/recover/route";
import { GET as progressRoute } from "@/app/api/v1/webhook-deliveries/recover/[id]/route";
import { db } from "@/db";
import { createApiKey } from "@/db/queries/api-keys";
import { deliveries } from "@/db/schema";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { responseErrors } from "@/tests/openapi-validate";

/** The recovery API: problem+json for bad input, roles, the 202 and the progress as the OpenAPI document says. */
afterAll(async () => {
  await stopBoss();
});
beforeEach(async () => {
  await db.execute(sql`delete from rate_limits`);
});

const actor = { userId: null, label: "test" };
const HOOK = "https://hooks.example.com/in";
const keyFor = async (accountId: string, role: "developer" | "viewer" = "developer") => (await createApiKey(db, accountId, { name: role, role, createdBy: null, actor })).key;
const post = (key: string, body: unknown, type = "application/json") =>
  recoverRoute(new Request("http://localhost/api/v1/webhook-deliveries/recover", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": type }, body: JSON.stringify(body) }), undefined);
const get = (key: string, id: string) =>
  progressRoute(new Request(`http://localhost/api/v1/webhook-deliveries/recover/${id}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ id }) });

async function accountWithFailures(n: number) {
  const account = await createAccount();
  const actions = await createActions(account.accountId, [{ channel: "webhook", destination: HOOK }]);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(...(await createCall(account, actions)).deliveryIds);
  const failedAt = new Date(Date.now() - 3600_000);
  for (const id of ids) await db.update(deliveries).set({ status: "failed", reason: "retries_exhausted", attemptCount: 1, completedAt: failedAt }).where(eq(deliveries.id, id));
  return { account, ids };
}

describe("POST /api/v1/webhook-deliveries/recover", () => {
  it("queues the failed deliveries and answers 202 with the progress; GET follows it; another account's is 404", async () => {
    const { account } = await accountWithFailures(2);
    const key = await keyFor(account.accountId);
    const res = await post(key, { since: new Date(Date.now() - 86400_000).toISOString(), to: HOOK });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; queued_total: number; more: boolean; limit: number; progress: object };
    expect(body).toMatchObject({ queued_total: 2, more: false, limit: 1000, to: HOOK, progress: { queued: 2, delivered: 0, still_failing: 0 } });
    expect(responseErrors("/api/v1/webhook-deliveries/recover", "post", 202, body)).toEqual([]);

    const progress = await get(await keyFor(account.accountId, "viewer"), body.id);
    expect(progress.status).toBe(200);
    const followed = await progress.json();
    expect(followed).toMatchObject({ id: body.id, queued_total: 2 });
    expect(responseErrors("/api/v1/webhook-deliveries/recover/{id}", "get", 200, followed)).toEqual([]);

    const stranger = await createAccount();
    expect((await get(await keyFor(stranger.accountId), body.id)).status).toBe(404);
  });

  it("answers problem+json naming the field for a bad since, an unknown field or a bad URL; 403 for a viewer; 415 for a non-JSON body", async () => {
    const { account } = await accountWithFailures(1);
    const key = await keyFor(account.accountId);
    const cases: [unknown, string, string][] = [
      [{ since: "last tuesday" }, "since", "ISO 8601"],
      [{ since: new Date(Date.now() + 86400_000).toISOString() }, "since", "future"],
      [{ since: "2020-01-01T00:00:00Z" }, "since", "30 days"],
      [{}, "since", ""],
      [{ since: new Date().toISOString(), to: "not a url" }, "to", "URL"],
    ];
    for (const [body, field, words] of cases) {
      const res = await post(key, body);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(problem.errors).toEqual([expect.objectContaining({ field, message: expect.stringContaining(words) })]);
    }
    expect((await post(key, { since: new Date().toISOString(), extra: 1 })).status).toBe(400);
    expect((await post(key, { since: new Date().toISOString() }, "text/plain")).status).toBe(415);
    const viewer = await post(await keyFor(account.accountId, "viewer"), { since: new Date().toISOString() });
    expect(viewer.status).toBe(403);
    // None of these queued anything.
    const [row] = await db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.accountId, account.accountId));
    expect(row!.status).toBe("failed");
  });
});
