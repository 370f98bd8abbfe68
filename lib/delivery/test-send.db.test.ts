import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { actionListSchema } from "@/lib/post-call-actions/schema";
import { db } from "@/db";
import { createAccountForUser } from "@/db/queries/accounts";
import { replaceActions } from "@/db/queries/post-call-actions";
import { deliveries, deliveryAttempts, users } from "@/db/schema";
import { newId } from "@/lib/ids";
import { stopBoss } from "@/lib/jobs/queue";
import { sendTestDelivery, testDeliveryStatus } from "./test-send";
import { testSendLimitKey } from "./test-send-limit";
import { afterAll } from "vitest";

const actor = { userId: null, label: "test" };
let accountId: string;
let actionId: string;

beforeEach(async () => {
  const [user] = await db.insert(users).values({ email: `${newId("u")}@example.com` }).returning();
  accountId = await createAccountForUser(db, { userId: user!.id, name: "Acme", credits: 100 });
  const { actions } = actionListSchema({ defaultCountry: "AU", allowPrivateNetworks: true }).parse({
    actions: [{ channel: "webhook", to: "https://hooks.example.com/a" }],
  });
  actionId = (await replaceActions(db, accountId, { actions, actor })).actions[0]!.id;
});
afterAll(() => stopBoss());

describe("sendTestDelivery", () => {
  it("creates a free pending test delivery and its job in one go", async () => {
    const { deliveryId } = await sendTestDelivery(db, accountId, actionId, actor);
    const [row] = await db.select().from(deliveries).where(eq(deliveries.id, deliveryId));
    expect(row).toMatchObject({ accountId, actionId, callId: null, channel: "webhook", destination: "https://hooks.example.com/a", status: "pending", test: true, credits: 0 });
    expect(row!.messageId).toMatch(/^msg_/);
    const jobs = await db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'delivery' and data->>'deliveryId' = ${deliveryId}`);
    expect(jobs[0]!.n).toBe(1);
    expect(await testDeliveryStatus(db, accountId, deliveryId)).toEqual({ id: deliveryId, status: "pending", error: null, statusCode: null, attempts: 0 });
  });

  it("allows 5 tests a minute per account", async () => {
    for (let i = 0; i < 5; i++) await sendTestDelivery(db, accountId, actionId, actor);
    await expect(sendTestDelivery(db, accountId, actionId, actor)).rejects.toMatchObject({ status: 429, message: /5 tests a minute/ });
    // The e2e specs share one account and start its window afresh through this key (e2e/fixtures.ts).
    await db.execute(sql`delete from rate_limits where key = ${testSendLimitKey(accountId)}`);
    await expect(sendTestDelivery(db, accountId, actionId, actor)).resolves.toMatchObject({ deliveryId: expect.stringMatching(/^dlv_/) });
  });

  it("refuses another account's action", async () => {
    const [user] = await db.insert(users).values({ email: `${newId("u")}@example.com` }).returning();
    const other = await createAccountForUser(db, { userId: user!.id, name: "Other", credits: 0 });
    await expect(sendTestDelivery(db, other, actionId, actor)).rejects.toMatchObject({ status: 404 });
  });

  it("reports the endpoint's error from the last attempt", async () => {
    const { deliveryId } = await sendTestDelivery(db, accountId, actionId, actor);
    await db.insert(deliveryAttempts).values({ deliveryId, accountId, attemptNumber: 1, startedAt: new Date(), outcome: "final_error", statusCode: 500, error: "HTTP 500 from endpoint" });
    await db.update(deliveries).set({ status: "failed", attemptCount: 1 }).where(eq(deliveries.id, deliveryId));
    expect(await testDeliveryStatus(db, accountId, deliveryId)).toEqual({ id: deliveryId, status: "failed", error: "HTTP 500 from endpoint", statusCode: 500, attempts: 1 });
    expect(await testDeliveryStatus(db, "acc_other", deliveryId)).toBeNull();
  });
});
