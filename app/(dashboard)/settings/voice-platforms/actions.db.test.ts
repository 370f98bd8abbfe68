import { and, eq, like } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { connectionForInbound, listConnections } from "@/db/queries/connections";
import { auditLog, calls, connections, memberships, users, type Role } from "@/db/schema";
import { newId } from "@/lib/ids";
import { createAccount } from "@/tests/factories";

// Only the session source and Next's request APIs are replaced: role checks, queries and audit are real.
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string } }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.user ? { user: session.user } : null) }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createConnectionAction, deleteConnectionAction, renameConnectionAction, replaceConnectionSecretAction } = await import("./actions");

const SECRET = "vapi-secret-Zq8w3Lr9Tt";
const NEW_SECRET = "vapi-rotated-Hh4Kd72PpX";

let accountId: string;

async function signInAs(role: Role, account = accountId) {
  const [user] = await db.insert(users).values({ email: `${newId("u")}@acme.test` }).returning();
  await db.insert(memberships).values({ userId: user!.id, accountId: account, role });
  session.user = { id: user!.id, email: user!.email };
}

const connectionAudits = (account = accountId) =>
  db.select().from(auditLog).where(and(eq(auditLog.accountId, account), like(auditLog.action, "connection.%"))).orderBy(auditLog.id);

async function create(input: Record<string, unknown> = { platform: "vapi", name: "Reception", secret: SECRET }) {
  const result = await createConnectionAction(input);
  if (!result.ok) throw new Error(`create failed: ${result.error} ${JSON.stringify(result.fields)}`);
  return result.data;
}

beforeEach(async () => {
  accountId = (await createAccount()).accountId;
  session.user = null;
});

describe("an owner or developer manages connections from the settings page", () => {
  it("creates one: its URL is the inbound route with the new id, the secret is stored encrypted and returned nowhere", async () => {
    await signInAs("developer");
    const result = await createConnectionAction({ platform: "vapi", name: "  Reception  ", secret: `  ${SECRET} ` });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toEqual({ id: expect.stringMatching(/^con_/), name: "Reception", platform: "vapi", url: `http://localhost:3000/api/v1/inbound/${result.data.id}` });
    expect(JSON.stringify(result)).not.toContain(SECRET);

    const [row] = await db.select().from(connections).where(eq(connections.id, result.data.id));
    expect(row).toMatchObject({ accountId, platform: "vapi", name: "Reception" });
    expect(row!.secretEncrypted).not.toContain(SECRET);
    // Spaces around a pasted secret are dropped: the platform sends it without them.
    expect((await connectionForInbound(db, result.data.id))!.secret).toBe(SECRET);

    const audits = await connectionAudits();
    expect(audits.map((a) => a.action)).toEqual(["connection.created"]);
    expect(audits[0]!.actorLabel).toBe(session.user!.email);
    expect(JSON.stringify(audits)).not.toContain(SECRET);
  });

  it("renames, replaces the secret and deletes, each audited and none with the secret in the audit log", async () => {
    await signInAs("owner");
    const { id } = await create();

    expect(await renameConnectionAction({ id, name: "Front desk" })).toEqual({ ok: true, data: { name: "Front desk" } });
    const replaced = await replaceConnectionSecretAction({ id, secret: NEW_SECRET });
    expect(replaced).toEqual({ ok: true, data: undefined });
    expect((await connectionForInbound(db, id))!.secret).toBe(NEW_SECRET);
    const [listed] = await listConnections(db, accountId);
    expect(listed).toMatchObject({ id, name: "Front desk", platform: "vapi", refusedCount: 0, lastEventAt: null, callCount: 0 });

    expect(await deleteConnectionAction(id)).toEqual({ ok: true, data: undefined });
    expect(await listConnections(db, accountId)).toEqual([]);
    expect(await connectionForInbound(db, id)).toBeNull();

    const audits = await connectionAudits();
    expect(audits.map((a) => a.action)).toEqual(["connection.created", "connection.renamed", "connection.secret_replaced", "connection.deleted"]);
    expect(audits[1]!.meta).toEqual({ from: "Reception" });
    const logged = JSON.stringify(audits);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(NEW_SECRET);
  });

  it("deleting a connection keeps its calls, with their platform", async () => {
    await signInAs("owner");
    const { id } = await create();
    const callId = newId("call");
    const now = new Date();
    await db.insert(calls).values({
      id: callId,
      accountId,
      eventId: newId("evt"),
      externalId: "vapi-call-1",
      agentNumber: null,
      direction: "inbound",
      status: "completed",
      startedAt: new Date(now.getTime() - 60_000),
      endedAt: now,
      durationSeconds: 60,
      connectionId: id,
      platform: "vapi",
    });
    const [before] = await listConnections(db, accountId);
    expect(before).toMatchObject({ callCount: 1, lastEventAt: expect.any(Date) });

    expect((await deleteConnectionAction(id)).ok).toBe(true);
    const [call] = await db.select().from(calls).where(eq(calls.id, callId));
    expect(call).toMatchObject({ connectionId: null, platform: "vapi" });
  });
});

describe("bad input gets an error naming the field and stores nothing", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no platform", { name: "A", secret: SECRET }, "platform", /Choose a platform/],
    ["an unknown platform", { platform: "twilio", name: "A", secret: SECRET }, "platform", /Choose a platform: vapi, retell, bland, elevenlabs, synthflow/],
    ["an empty name", { platform: "vapi", name: "   ", secret: SECRET }, "name", /Name the connection/],
    ["a name too long", { platform: "vapi", name: "x".repeat(61), secret: SECRET }, "name", /under 60 characters/],
    ["an empty secret", { platform: "vapi", name: "A", secret: "  " }, "secret", /Paste the secret/],
    ["a secret with a space inside", { platform: "retell", name: "A", secret: "key_abc def123456" }, "secret", /space or line break/],
    ["a secret with a line break inside", { platform: "bland", name: "A", secret: "abcdef\n123456" }, "secret", /space or line break/],
    ["a secret with characters no platform uses", { platform: "bland", name: "A", secret: "sécret-ünïcode" }, "secret", /characters no platform uses/],
    ["a secret too short", { platform: "synthflow", name: "A", secret: "abc" }, "secret", /too short/],
    ["a secret too long", { platform: "elevenlabs", name: "A", secret: "a".repeat(513) }, "secret", /too long/],
    ["a secret that is not a string", { platform: "vapi", name: "A", secret: 12345678 }, "secret", /Paste the secret/],
  ];

  it.each(cases)("create with %s", async (_what, input, field, message) => {
    await signInAs("owner");
    const result = await createConnectionAction(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fields).toEqual([{ field, message: expect.stringMatching(message) }]);
    expect(await db.select().from(connections).where(eq(connections.accountId, accountId))).toEqual([]);
    expect(await connectionAudits()).toEqual([]);
  });

  it("rename to an empty name and replace with a bad secret leave the connection as it was", async () => {
    await signInAs("owner");
    const { id } = await create();
    const rename = await renameConnectionAction({ id, name: "" });
    expect(rename).toMatchObject({ ok: false, fields: [{ field: "name", message: expect.stringMatching(/Name the connection/) }] });
    const replace = await replaceConnectionSecretAction({ id, secret: "has space inside" });
    expect(replace).toMatchObject({ ok: false, fields: [{ field: "secret", message: expect.stringMatching(/space or line break/) }] });
    const [row] = await listConnections(db, accountId);
    expect(row!.name).toBe("Reception");
    expect((await connectionForInbound(db, id))!.secret).toBe(SECRET);
    expect((await connectionAudits()).map((a) => a.action)).toEqual(["connection.created"]);
  });
});

describe("who may change connections", () => {
  it("a viewer is refused every action, and nothing changes", async () => {
    await signInAs("owner");
    const { id } = await create();
    const before = await db.select().from(connections).where(eq(connections.accountId, accountId));

    await signInAs("viewer");
    const refused = { ok: false, error: "Your role does not allow this.", fields: [] };
    expect(await createConnectionAction({ platform: "vapi", name: "Sneaky", secret: SECRET })).toEqual(refused);
    expect(await renameConnectionAction({ id, name: "Sneaky" })).toEqual(refused);
    expect(await replaceConnectionSecretAction({ id, secret: NEW_SECRET })).toEqual(refused);
    expect(await deleteConnectionAction(id)).toEqual(refused);
    // Refused before validation: a viewer learns nothing from field messages either.
    expect(await createConnectionAction({})).toEqual(refused);

    expect(await db.select().from(connections).where(eq(connections.accountId, accountId))).toEqual(before);
    expect((await connectionAudits()).map((a) => a.action)).toEqual(["connection.created"]);
  });

  it("another account's connection id is not found by any action, and stays as it was", async () => {
    const other = await createAccount();
    await signInAs("owner", other.accountId);
    const { id } = await create({ platform: "retell", name: "Theirs", secret: SECRET });
    const before = await db.select().from(connections).where(eq(connections.id, id));

    await signInAs("owner");
    const notFound = { ok: false, error: "That connection does not exist." };
    expect(await renameConnectionAction({ id, name: "Mine now" })).toMatchObject(notFound);
    expect(await replaceConnectionSecretAction({ id, secret: NEW_SECRET })).toMatchObject(notFound);
    expect(await deleteConnectionAction(id)).toMatchObject(notFound);
    expect(await deleteConnectionAction("con_not a real id")).toMatchObject(notFound);

    expect(await db.select().from(connections).where(eq(connections.id, id))).toEqual(before);
    expect(await connectionAudits()).toEqual([]);
    expect((await connectionAudits(other.accountId)).map((a) => a.action)).toEqual(["connection.created"]);
  });
});
