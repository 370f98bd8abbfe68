import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { resendDelivery } from "@/db/queries/deliveries";
import { listActions, replaceActions } from "@/db/queries/post-call-actions";
import { ensureWebhookSecret } from "@/db/queries/webhook-secrets";
import { auditLog, deliveryAttempts, deliveries, postCallActions } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto";
import { sendTestDelivery } from "@/lib/delivery/test-send";
import { sendWebhookTestEvents } from "@/lib/delivery/webhook-test";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createCall } from "@/tests/factories";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { deliver } from "./deliver";

/** A webhook action's custom headers, from the save to the receiver: every attempt, resend and test send. */
const SECRET = "Bearer tok_live_4f9a8b7c6d5e4f3a2b1c";
const actor = { userId: null, label: "test" };

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await stopBoss();
  await receiver.close();
});
beforeEach(() => receiver.reset());

async function accountWithHookHeaders(headers: { name: string; value?: string }[]) {
  const account = await createAccount();
  const saved = await replaceActions(db, account.accountId, {
    actions: [
      {
        channel: "webhook",
        to: `${receiver.url}/hook`,
        enabled: true,
        conditions: { statuses: ["completed"], min_duration_seconds: 0 },
        template: null,
        headers,
      },
    ],
    actor,
  });
  const { secret } = await ensureWebhookSecret(db, account.accountId);
  receiver.setSecrets([secret]);
  return { account, action: saved.actions[0]!, version: saved.version, secret };
}

async function attemptsJson(deliveryId: string) {
  return JSON.stringify(await db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, deliveryId)));
}

describe("webhook custom headers", () => {
  it("are stored encrypted and shown masked, never in clear", async () => {
    const { account, action } = await accountWithHookHeaders([{ name: "Authorization", value: SECRET }, { name: "X-Team", value: "rentals" }]);
    expect(action.headers).toEqual([
      { name: "Authorization", masked: "••••••••2b1c" },
      { name: "X-Team", masked: "••••••••" },
    ]);
    const [row] = await db.select().from(postCallActions).where(eq(postCallActions.id, action.id));
    expect(JSON.stringify(row)).not.toContain("tok_live");
    expect(JSON.stringify(row)).not.toContain("rentals");
    expect(row!.headers[0]!.valueEncrypted).toMatch(/^v1\./);
    expect(JSON.stringify(await listActions(db, account.accountId))).not.toContain("tok_live");
    const audits = await db.select().from(auditLog).where(eq(auditLog.accountId, account.accountId));
    expect(JSON.stringify(audits)).not.toContain("tok_live");
  });

  it("reach the receiver on the first attempt, a resend and a test send, under our own headers, and are not kept with the attempts", async () => {
    const { account, action, secret } = await accountWithHookHeaders([{ name: "Authorization", value: SECRET }, { name: "X-Team", value: "rentals" }]);
    // Stored before a rule refused them (or written around the form): ours still win, and such names are not sent.
    await db
      .update(postCallActions)
      .set({
        headers: [
          ...(await db.select().from(postCallActions).where(eq(postCallActions.id, action.id)))[0]!.headers,
          { name: "Content-Type", valueEncrypted: encryptSecret("text/plain"), masked: "••••••••" },
          { name: "webhook-id", valueEncrypted: encryptSecret("msg_forged"), masked: "••••••••" },
          { name: "User-Agent", valueEncrypted: encryptSecret("evil/1"), masked: "••••••••" },
        ],
      })
      .where(eq(postCallActions.id, action.id));

    const { deliveryIds } = await createCall(account, [{ id: action.id, channel: "webhook", destination: action.to }]);
    const hookId = deliveryIds[0]!;
    expect(await deliver({ deliveryId: hookId })).toBe("sent");
    const [hook] = await db.select().from(deliveries).where(eq(deliveries.id, hookId));

    const check = (got: WebhookReceiver["received"][number], webhookId: string) => {
      expect(got.headers.authorization).toBe(SECRET);
      expect(got.headers["x-team"]).toBe("rentals");
      expect(got.headers["content-type"]).toBe("application/json");
      expect(got.headers["user-agent"]).toBe("Aftercall-Webhooks/1");
      expect(got.headers["webhook-id"]).toBe(webhookId);
      expect(got.verifiedWith).toBe(0);
      expect(() => new Webhook(secret).verify(got.body, got.headers)).not.toThrow();
    };
    expect(receiver.received).toHaveLength(1);
    check(receiver.received[0]!, hook!.messageId);

    // A resend: same webhook-id, the headers again.
    await resendDelivery(db, account.accountId, hookId, actor);
    expect(await deliver({ deliveryId: hookId, attempt: 2 })).toBe("sent");
    expect(receiver.received).toHaveLength(2);
    check(receiver.received[1]!, hook!.messageId);

    const attempts = await attemptsJson(hookId);
    expect(attempts).toContain("webhook-signature");
    expect(attempts).not.toContain("tok_live");
    expect(attempts).not.toContain("rentals");

    // The action's Send test, and Developer Tools' test event.
    const { deliveryId: testId } = await sendTestDelivery(db, account.accountId, action.id, actor);
    expect(await deliver({ deliveryId: testId })).toBe("sent");
    const [testHook] = await db.select().from(deliveries).where(eq(deliveries.id, testId));
    check(receiver.received[2]!, testHook!.messageId);
    expect(JSON.parse(receiver.received[2]!.body).test).toBe(true);
    expect(await attemptsJson(testId)).not.toContain("tok_live");

    const { deliveryIds: eventIds } = await sendWebhookTestEvents(db, account.accountId, actor, { actionId: action.id });
    expect(await deliver({ deliveryId: eventIds[0]! })).toBe("sent");
    const [eventHook] = await db.select().from(deliveries).where(eq(deliveries.id, eventIds[0]!));
    check(receiver.received[3]!, eventHook!.messageId);
  });

  it("keep their saved value when saved again without one, take a new one when given, and refuse a new name without a value", async () => {
    const { account, action, version } = await accountWithHookHeaders([{ name: "Authorization", value: SECRET }]);
    const base = { id: action.id, channel: "webhook" as const, to: action.to, enabled: true, conditions: action.conditions, template: null };

    // The URL changes, the header is sent back as GET shows it: the secret stays.
    const moved = await replaceActions(db, account.accountId, {
      actions: [{ ...base, to: `${receiver.url}/moved`, headers: [{ name: "Authorization", masked: "••••••••2b1c" }] }],
      expectedVersion: version,
      actor,
    });
    const { deliveryIds } = await createCall(account, [{ id: action.id, channel: "webhook", destination: `${receiver.url}/moved` }]);
    expect(await deliver({ deliveryId: deliveryIds[0]! })).toBe("sent");
    expect(receiver.received[0]!.path).toBe("/moved");
    expect(receiver.received[0]!.headers.authorization).toBe(SECRET);

    await expect(
      replaceActions(db, account.accountId, { actions: [{ ...base, headers: [{ name: "X-Other" }] }], expectedVersion: moved.version, actor }),
    ).rejects.toMatchObject({ status: 422, fields: [{ field: "actions[0].headers[0].value", message: expect.stringMatching(/^Enter a value for X-Other/) }] });

    const replaced = await replaceActions(db, account.accountId, {
      actions: [{ ...base, headers: [{ name: "Authorization", value: "Bearer new-token-000000" }] }],
      expectedVersion: moved.version,
      actor,
    });
    expect(replaced.actions[0]!.headers).toEqual([{ name: "Authorization", masked: "••••••••0000" }]);
    const { deliveryIds: again } = await createCall(account, [{ id: action.id, channel: "webhook", destination: action.to }]);
    expect(await deliver({ deliveryId: again[0]! })).toBe("sent");
    expect(receiver.received[1]!.headers.authorization).toBe("Bearer new-token-000000");

    // Removing every header sends none.
    const cleared = await replaceActions(db, account.accountId, { actions: [{ ...base, headers: [] }], expectedVersion: replaced.version, actor });
    expect(cleared.actions[0]!.headers).toEqual([]);
  });
});
