import { and, eq, like } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { createApiKey, listApiKeys } from "@/db/queries/api-keys";
import { webhookSecretActivity } from "@/db/queries/webhook-secret-access";
import { activeSecretRows, activeSigningSecrets, ensureWebhookSecret } from "@/db/queries/webhook-secrets";
import { auditLog, deliveries, memberships, postCallActions, users, webhookSecrets, type Role } from "@/db/schema";
import { newId } from "@/lib/ids";
import { CAN_EDIT, requireRole } from "@/lib/member";
import { createAccount, createActions, createTestDelivery } from "@/tests/factories";

// Only the session source and Next's request APIs are replaced: role checks, queries and audit are real.
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string } }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.user ? { user: session.user } : null) }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { copySecretAction, revealSecretAction, revokePreviousAction, rotateSecretAction, sendTestEventAction } = await import("./actions");
const { reenableEndpointAction, resendDeliveryAction } = await import("./deliveries/actions");
const { createApiKeyAction, revokeApiKeyAction } = await import("../api-keys/actions");

let accountId: string;
let ownerEmail: string;

async function signInAs(role: Role, account = accountId) {
  if (role === "owner" && account === accountId) {
    const [owner] = await db.select().from(users).where(eq(users.email, ownerEmail));
    session.user = { id: owner!.id, email: owner!.email };
    return;
  }
  const [user] = await db.insert(users).values({ email: `${newId("u")}@acme.test` }).returning();
  await db.insert(memberships).values({ userId: user!.id, accountId: account, role });
  session.user = { id: user!.id, email: user!.email };
}

const secretAudits = () =>
  db.select().from(auditLog).where(and(eq(auditLog.accountId, accountId), like(auditLog.action, "webhook_secret.%")));

beforeEach(async () => {
  const created = await createAccount();
  accountId = created.accountId;
  ownerEmail = created.ownerEmail;
  await ensureWebhookSecret(db, accountId);
});

describe("a viewer calling the Developer Tools actions directly", () => {
  it("is refused with 403 by every one, and nothing changes", async () => {
    const [action] = await createActions(accountId, [{ channel: "webhook", destination: "https://hooks.example.com/a" }]);
    await db.update(postCallActions).set({ disabledReason: "gone", disabledAt: new Date() }).where(eq(postCallActions.id, action!.id));
    const failed = await createTestDelivery(accountId, "webhook", "https://hooks.example.com/a", { enqueue: false });
    await db.update(deliveries).set({ status: "failed" }).where(eq(deliveries.id, failed));
    const key = await createApiKey(db, accountId, { name: "CI", role: "developer", createdBy: null, actor: { userId: null, label: "t" } });
    const [secret] = await activeSecretRows(db, accountId);
    const secretsBefore = await db.select().from(webhookSecrets).where(eq(webhookSecrets.accountId, accountId));
    const auditBefore = await db.select().from(auditLog).where(eq(auditLog.accountId, accountId));

    await signInAs("viewer");
    await expect(requireRole(CAN_EDIT)).rejects.toMatchObject({ status: 403 });
    const refused = { ok: false, error: "Your role does not allow this." };
    expect(await revealSecretAction(secret!.id)).toMatchObject(refused);
    expect(await copySecretAction(secret!.id)).toMatchObject(refused);
    expect(await rotateSecretAction()).toMatchObject(refused);
    expect(await revokePreviousAction()).toMatchObject(refused);
    expect(await sendTestEventAction()).toMatchObject(refused);
    expect(await resendDeliveryAction(failed)).toMatchObject(refused);
    expect(await reenableEndpointAction(action!.id)).toMatchObject(refused);
    expect(await createApiKeyAction({ name: "sneaky", role: "developer" })).toMatchObject(refused);
    expect(await revokeApiKeyAction(key.id)).toMatchObject(refused);

    expect(await db.select().from(webhookSecrets).where(eq(webhookSecrets.accountId, accountId))).toEqual(secretsBefore);
    expect(await db.select().from(auditLog).where(eq(auditLog.accountId, accountId))).toEqual(auditBefore);
    const [d] = await db.select().from(deliveries).where(eq(deliveries.id, failed));
    expect(d!.status).toBe("failed");
    const [a] = await db.select().from(postCallActions).where(eq(postCallActions.id, action!.id));
    expect(a!.disabledReason).toBe("gone");
    const keys = await listApiKeys(db, accountId);
    expect(keys.map((k) => [k.name, k.revokedAt])).toEqual([["CI", null]]);
    expect(await db.select().from(deliveries).where(and(eq(deliveries.accountId, accountId), eq(deliveries.test, true)))).toHaveLength(1);
  });
});

describe("an owner or developer on the signing secret", () => {
  it("reveals and copies the current secret, each audited with who and which", async () => {
    await signInAs("developer");
    const [secret] = await activeSecretRows(db, accountId);
    const plain = (await activeSigningSecrets(db, accountId))[0];
    expect(await revealSecretAction(secret!.id)).toEqual({ ok: true, data: { secret: plain } });
    expect(await copySecretAction(secret!.id)).toEqual({ ok: true, data: { secret: plain } });
    const activity = await webhookSecretActivity(db, accountId);
    expect(activity.map((e) => [e.action, e.actorLabel, e.meta])).toEqual([
      ["webhook_secret.copied", session.user!.email, { lastFour: plain!.slice(-4) }],
      ["webhook_secret.revealed", session.user!.email, { lastFour: plain!.slice(-4) }],
    ]);
    // Another account's secret id is not found, and is not revealed.
    const other = await createAccount();
    const theirs = await ensureWebhookSecret(db, other.accountId);
    expect(await revealSecretAction(theirs.id)).toMatchObject({ ok: false, error: expect.stringMatching(/no longer signs/) });
    expect(await webhookSecretActivity(db, other.accountId)).toEqual([]);
  });

  it("rotating twice keeps only the newest two signing, says so, and Revoke previous leaves one", async () => {
    await signInAs("owner");
    const [first] = await activeSecretRows(db, accountId);
    const once = await rotateSecretAction();
    expect(once).toMatchObject({ ok: true, data: { stopped: 0 } });
    const twice = await rotateSecretAction();
    expect(twice).toMatchObject({ ok: true, data: { stopped: 1 } });
    const active = await activeSecretRows(db, accountId);
    expect(active).toHaveLength(2);
    expect(active.map((r) => r.id)).not.toContain(first!.id);
    expect(active[0]!.expiresAt).toBeNull();
    expect(active[0]!.lastFour).toBe(twice.ok ? twice.data.lastFour : "");
    // The first secret can no longer be revealed: it no longer signs.
    expect(await revealSecretAction(first!.id)).toMatchObject({ ok: false });

    expect(await revokePreviousAction()).toEqual({ ok: true, data: { revoked: 1 } });
    expect(await activeSecretRows(db, accountId)).toHaveLength(1);
    expect((await secretAudits()).map((e) => e.action).sort()).toEqual([
      "webhook_secret.previous_revoked",
      "webhook_secret.rotated",
      "webhook_secret.rotated",
    ]);
  });

  it("Send test event queues one test delivery per enabled webhook action, or says there is none", async () => {
    await signInAs("developer");
    expect(await sendTestEventAction()).toMatchObject({ ok: false, error: expect.stringMatching(/no enabled webhook action/i) });
    const actions = await createActions(accountId, [
      { channel: "webhook", destination: "https://hooks.example.com/a" },
      { channel: "webhook", destination: "https://hooks.example.com/b" },
      { channel: "sms", destination: "+61412000111" },
    ]);
    await db.update(postCallActions).set({ enabled: false }).where(eq(postCallActions.id, actions[1]!.id));
    const sent = await sendTestEventAction();
    expect(sent).toMatchObject({ ok: true, data: { deliveryIds: [expect.stringMatching(/^dlv_/)] } });
    const rows = await db.select().from(deliveries).where(eq(deliveries.accountId, accountId));
    expect(rows.map((r) => [r.destination, r.test, r.status, r.credits])).toEqual([["https://hooks.example.com/a", true, "pending", 0]]);
  });

  it("resend of another account's delivery is 404 for a member of another account", async () => {
    const other = await createAccount();
    const theirs = await createTestDelivery(other.accountId, "webhook", "https://hooks.example.com/z", { enqueue: false });
    await db.update(deliveries).set({ status: "failed" }).where(eq(deliveries.id, theirs));
    await signInAs("owner");
    expect(await resendDeliveryAction(theirs)).toMatchObject({ ok: false, error: "No such webhook delivery." });
    const [d] = await db.select().from(deliveries).where(eq(deliveries.id, theirs));
    expect(d!.status).toBe("failed");
  });
});
