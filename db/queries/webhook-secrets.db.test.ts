import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { webhookSecrets } from "@/db/schema";
import { createAccount } from "@/tests/factories";
import { activeSigningSecrets, ensureWebhookSecret, revokePreviousWebhookSecrets, rotateWebhookSecret } from "./webhook-secrets";

const actor = { userId: null, label: "test" };

describe("webhook secrets", () => {
  it("creates one encrypted whsec_ secret on first need, even concurrently", async () => {
    const { accountId } = await createAccount();
    const results = await Promise.all(Array.from({ length: 5 }, () => ensureWebhookSecret(db, accountId)));
    expect(new Set(results.map((r) => r.secret)).size).toBe(1);
    expect(results[0]!.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(results[0]!.secret.slice(6), "base64")).toHaveLength(32);
    const rows = await db.select().from(webhookSecrets).where(eq(webhookSecrets.accountId, accountId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secretEncrypted).not.toContain(results[0]!.secret.slice(6, 20));
    expect(rows[0]!.lastFour).toBe(results[0]!.secret.slice(-4));
  });

  it("rotation: the old secret signs for 24 h, until revoked; two rotations keep only the newest two", async () => {
    const { accountId } = await createAccount();
    const a = await ensureWebhookSecret(db, accountId);
    const t = new Date();
    const b = await rotateWebhookSecret(db, accountId, actor, t);
    expect(await activeSigningSecrets(db, accountId, t)).toEqual([b.secret, a.secret]);
    expect(await activeSigningSecrets(db, accountId, new Date(t.getTime() + 24 * 3600_000 + 1000))).toEqual([b.secret]);
    const c = await rotateWebhookSecret(db, accountId, actor, new Date(t.getTime() + 1000));
    expect(await activeSigningSecrets(db, accountId, new Date(t.getTime() + 2000))).toEqual([c.secret, b.secret]);
    expect(await revokePreviousWebhookSecrets(db, accountId, actor)).toBeGreaterThanOrEqual(1);
    expect(await activeSigningSecrets(db, accountId)).toEqual([c.secret]);
    expect((await ensureWebhookSecret(db, accountId)).secret).toBe(c.secret);
  });
});
