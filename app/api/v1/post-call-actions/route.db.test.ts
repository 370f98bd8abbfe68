import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { db } from "@/db";
import { createAccountForUser } from "@/db/queries/accounts";
import { apiKeys, auditLog, postCallActions, users, type Role } from "@/db/schema";
import { generateApiKey } from "@/lib/crypto";
import { resetEnvCache } from "@/lib/env";
import { newId } from "@/lib/ids";
import { GET, PUT } from "./route";

const URL_ = "http://localhost:3000/api/v1/post-call-actions";
let accountId: string;

async function keyFor(role: Role) {
  const k = generateApiKey();
  await db.insert(apiKeys).values({ id: newId("key"), accountId, name: role, prefix: k.prefix, keyHash: k.hash, role });
  return k.key;
}

const get = (key: string) => GET(new Request(URL_, { headers: { authorization: `Bearer ${key}` } }), undefined as never);
const put = (key: string, body: unknown) =>
  PUT(
    new Request(URL_, { method: "PUT", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
    undefined as never,
  );

beforeEach(async () => {
  const [user] = await db.insert(users).values({ email: `${newId("u")}@example.com` }).returning();
  accountId = await createAccountForUser(db, { userId: user!.id, name: "Acme", credits: 100 });
});

describe("GET/PUT /api/v1/post-call-actions", () => {
  it("replaces the list with a developer key and reads it back in the docs/architecture.md §4 shape", async () => {
    const key = await keyFor("developer");
    const res = await put(key, {
      actions: [
        { channel: "sms", to: "0412 345 678", enabled: true, conditions: { statuses: ["completed"], min_duration_seconds: 10 } },
        { channel: "webhook", to: "https://hooks.example.com/a" },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.version).toBe(1);
    expect(body.actions).toHaveLength(2);
    expect(body.actions[0]).toMatchObject({ channel: "sms", to: "+61412345678", enabled: true, conditions: { statuses: ["completed"], min_duration_seconds: 10 } });
    expect(body.actions[1]).toMatchObject({ channel: "webhook", to: "https://hooks.example.com/a", enabled: true, conditions: { statuses: ["completed"], min_duration_seconds: 0 } });

    const listed = await get(key);
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual(body);
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, "post_call_actions.replaced"));
    expect(entry!.actorLabel).toMatch(/^API key ak_/);
    expect(entry!.meta).toMatchObject({ via: "api" });
  });

  it("lets a viewer key read but not replace", async () => {
    const key = await keyFor("viewer");
    expect((await get(key)).status).toBe(200);
    const res = await put(key, { actions: [{ channel: "webhook", to: "https://hooks.example.com/a" }] });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await db.select().from(postCallActions).where(eq(postCallActions.accountId, accountId))).length).toBe(0);
  });

  it("answers invalid actions with a 400 naming each field and stores nothing", async () => {
    // Production's setting: private networks refused (the test environment allows them).
    process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "false";
    resetEnvCache();
    onTestFinished(() => {
      process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
      resetEnvCache();
    });
    const key = await keyFor("owner");
    const res = await put(key, {
      actions: [
        { channel: "sms", to: "12" },
        { channel: "email", to: "nope" },
        { channel: "webhook", to: "http://hooks.example.com/x" },
        { channel: "webhook", to: "https://169.254.169.254/latest" },
        { channel: "webhook", to: "https://u:p@hooks.example.com/" },
      ],
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(["actions[0].to", "actions[1].to", "actions[2].to", "actions[3].to", "actions[4].to"]);
    expect((await db.select().from(postCallActions).where(eq(postCallActions.accountId, accountId))).length).toBe(0);
  });

  it("refuses an 11th action and a stale version", async () => {
    const key = await keyFor("owner");
    const eleven = Array.from({ length: 11 }, (_, i) => ({ channel: "webhook", to: `https://hooks.example.com/${i}` }));
    const tooMany = await put(key, { actions: eleven });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).errors[0].message).toMatch(/at most 10 post-call actions/);

    expect((await put(key, { version: 0, actions: eleven.slice(0, 2) })).status).toBe(200);
    const stale = await put(key, { version: 0, actions: [] });
    expect(stale.status).toBe(409);
    expect((await stale.json()).detail).toMatch(/Another tab changed these actions/);
    expect((await db.select().from(postCallActions).where(eq(postCallActions.accountId, accountId))).length).toBe(2);
  });

  it("needs an API key", async () => {
    const res = await GET(new Request(URL_), undefined as never);
    expect(res.status).toBe(401);
  });
});
