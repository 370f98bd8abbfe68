import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/call-events/route";
import { db } from "@/db";
import { calls, deliveries } from "@/db/schema";
import { stopBoss } from "@/lib/jobs/queue";
import { eventBody, makeAccount, signedRequest } from "@/tests/ingest-fixtures";

/**
 * docs/architecture.md §2 idempotency against real PostgreSQL: twenty copies of one event at once store one call
 * and one set of deliveries. Only the unique constraints can make this hold; a read-then-write would not.
 */
const AGENT = "+61290005555";

beforeAll(async () => {
  await makeAccount(db, AGENT, {
    actions: [
      { channel: "sms", destination: "+61400000001" },
      { channel: "email", destination: "a@test.dev" },
      { channel: "webhook", destination: "https://example.com/h" },
    ],
  });
});
afterAll(async () => {
  await stopBoss();
});

async function fire(requests: Request[]) {
  const responses = await Promise.all(requests.map((r) => POST(r, undefined as never)));
  return Promise.all(responses.map(async (r) => ({ status: r.status, body: (await r.json()) as { call_id?: string } })));
}

async function expectOneCall(externalId: string, answers: { status: number; body: { call_id?: string } }[]) {
  expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
  expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
  const ids = new Set(answers.map((a) => a.body.call_id));
  expect(ids.size).toBe(1);
  const stored = await db.select().from(calls).where(eq(calls.externalId, externalId));
  expect(stored).toHaveLength(1);
  expect(stored[0]!.id).toBe([...ids][0]);
  const dl = await db.select().from(deliveries).where(eq(deliveries.callId, stored[0]!.id));
  expect(dl).toHaveLength(3);
  const [jobs] = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from pgboss.job where name = 'delivery' and data->>'deliveryId' in ${sql.raw(`(${dl.map((d) => `'${d.id}'`).join(",")})`)}`);
  expect(jobs!.n).toBe(3);
}

describe("call-events under concurrency", () => {
  it("the same event (same webhook-id) 20 times at once → one call, one set of deliveries, one 202", async () => {
    const body = JSON.stringify(eventBody({ to: AGENT, call_id: "CA-race-same-id" }));
    const date = new Date();
    const answers = await fire(Array.from({ length: 20 }, () => signedRequest(body, { id: "evt_race_1", date })));
    await expectOneCall("CA-race-same-id", answers);
  });

  it("20 different webhook-ids for the same (to, call_id) at once → one call, one 202", async () => {
    const body = JSON.stringify(eventBody({ to: AGENT, call_id: "CA-race-new-ids" }));
    const answers = await fire(Array.from({ length: 20 }, (_, i) => signedRequest(body, { id: `evt_race_2_${i}` })));
    await expectOneCall("CA-race-new-ids", answers);
  });
});
