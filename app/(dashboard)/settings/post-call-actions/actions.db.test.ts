import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { createAccountForUser } from "@/db/queries/accounts";
import { listActions } from "@/db/queries/post-call-actions";
import { memberships, users, type Role } from "@/db/schema";
import { newId } from "@/lib/ids";

// Only the session source and Next's request APIs are replaced: the role check, the schema and the
// database work are the real ones.
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string } }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.user ? { user: session.user } : null) }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { saveActions, sendTest } = await import("./actions");

let accountId: string;
let ownerId: string;

async function signInAs(role: Role) {
  if (role === "owner") {
    session.user = { id: ownerId, email: "owner@acme.test" };
    return;
  }
  const [user] = await db.insert(users).values({ email: `${newId("u")}@acme.test` }).returning();
  await db.insert(memberships).values({ userId: user!.id, accountId, role });
  session.user = { id: user!.id, email: user!.email };
}

beforeEach(async () => {
  const [user] = await db.insert(users).values({ email: `${newId("o")}@acme.test` }).returning();
  ownerId = user!.id;
  accountId = await createAccountForUser(db, { userId: ownerId, name: "Acme", credits: 100 });
});

const list = { version: 0, actions: [{ channel: "sms", to: "0412 345 678" }] };

describe("post-call actions server actions", () => {
  it("saves for an owner and a developer", async () => {
    await signInAs("owner");
    const saved = await saveActions(list);
    expect(saved).toMatchObject({ ok: true, data: { version: 1, actions: [{ channel: "sms", to: "+61412345678" }] } });
    await signInAs("developer");
    expect(await saveActions({ version: 1, actions: [] })).toMatchObject({ ok: true, data: { version: 2, actions: [] } });
  });

  it("refuses a viewer on the server, whatever the page showed", async () => {
    await signInAs("viewer");
    expect(await saveActions(list)).toEqual({ ok: false, error: "Your role does not allow this.", fields: [] });
    expect(await sendTest("act_anything")).toMatchObject({ ok: false, error: "Your role does not allow this." });
    expect((await listActions(db, accountId)).actions).toHaveLength(0);
  });

  it("returns inline field errors for invalid input and a clear message for a stale form", async () => {
    await signInAs("owner");
    const bad = await saveActions({ version: 0, actions: [{ channel: "email", to: "nope" }] });
    expect(bad).toMatchObject({ ok: false, fields: [{ field: "actions[0].to", message: expect.stringMatching(/not a valid email/) }] });
    expect((await saveActions(list)).ok).toBe(true);
    const stale = await saveActions(list);
    expect(stale).toMatchObject({ ok: false, error: expect.stringMatching(/^Another tab changed these actions — reload/) });
    const [row] = await db.select().from(memberships).where(eq(memberships.userId, ownerId));
    expect(row!.role).toBe("owner");
  });
});
