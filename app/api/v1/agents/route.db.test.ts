import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { PUT as putActions } from "@/app/api/v1/post-call-actions/route";
import { db } from "@/db";
import { addAgentNumber } from "@/db/queries/agent-numbers";
import { agents, apiKeys, auditLog, postCallActions, type Role } from "@/db/schema";
import { generateApiKey } from "@/lib/crypto";
import { SYSTEM_ACTOR } from "@/db/audit";
import { newId } from "@/lib/ids";
import { ingestCall } from "@/lib/ingest/ingest-call";
import { createAccount } from "@/tests/factories";
import { responseErrors } from "@/tests/openapi-validate";
import { PATCH } from "./[id]/route";
import { GET } from "./route";

/** GET /api/v1/agents, PATCH /api/v1/agents/{id}, and routing through PUT /api/v1/post-call-actions' `agents`. */
let mine: { accountId: string; agentNumber: string };
let theirs: { accountId: string; agentNumber: string };
let myAgent: string;
let theirAgent: string;

async function keyFor(accountId: string, role: Role) {
  const k = generateApiKey();
  await db.insert(apiKeys).values({ id: newId("key"), accountId, name: role, prefix: k.prefix, keyHash: k.hash, role });
  return k.key;
}

const BASE = "http://localhost:3000/api/v1";
const list = (key: string) => GET(new Request(`${BASE}/agents`, { headers: { authorization: `Bearer ${key}` } }), undefined as never);
const patch = (key: string, id: string, body: unknown) =>
  PATCH(
    new Request(`${BASE}/agents/${id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ id }) },
  );
const put = (key: string, body: unknown) =>
  putActions(
    new Request(`${BASE}/post-call-actions`, { method: "PUT", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
    undefined as never,
  );

beforeAll(async () => {
  mine = await createAccount();
  theirs = await createAccount();
  await addAgentNumber(db, mine.accountId, { e164: "+61390001111", label: "Rentals line" }, SYSTEM_ACTOR);
  // A first call creates the other number's agent in each account.
  for (const account of [mine, theirs]) {
    await ingestCall(db, {
      eventId: newId("evt"),
      data: { call_id: newId("CA"), to: account.agentNumber, from: "+61412345678", direction: "inbound", status: "completed", started_at: "2026-11-24T09:00:00Z", ended_at: "2026-11-24T09:01:00Z" },
    });
  }
  myAgent = (await db.select().from(agents).where(eq(agents.number, mine.agentNumber)))[0]!.id;
  theirAgent = (await db.select().from(agents).where(eq(agents.number, theirs.agentNumber)))[0]!.id;
});

describe("GET /api/v1/agents", () => {
  it("lists the account's agents in the documented shape, never another account's", async () => {
    const res = await list(await keyFor(mine.accountId, "viewer"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(responseErrors("/api/v1/agents", "get", 200, body)).toEqual([]);
    const { data } = body as { data: Record<string, unknown>[] };
    expect(data.map((a) => a.id)).not.toContain(theirAgent);
    expect(data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "Rentals line", number: "+61390001111", platform: null, platform_agent_id: null, last_call_at: null }),
        expect.objectContaining({ id: myAgent, name: null, number: mine.agentNumber, platform: null, platform_agent_id: null, last_call_at: "2026-11-24T09:01:00.000Z" }),
      ]),
    );
    expect(data).toHaveLength(2);
  });

  it("needs an API key", async () => {
    expect((await GET(new Request(`${BASE}/agents`), undefined as never)).status).toBe(401);
  });
});

describe("PATCH /api/v1/agents/{id}", () => {
  it("renames an agent, audits it, and clears the name with null", async () => {
    const key = await keyFor(mine.accountId, "developer");
    const res = await patch(key, myAgent, { name: "  Sales line " });
    expect(res.status).toBe(200);
    const renamed = await res.json();
    expect(responseErrors("/api/v1/agents/{id}", "patch", 200, renamed)).toEqual([]);
    expect(renamed).toEqual({ id: myAgent, name: "Sales line", number: mine.agentNumber, platform: null, platform_agent_id: null });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.target, myAgent));
    expect(entry).toMatchObject({ action: "agent.renamed", meta: { name: "Sales line" } });

    expect(await (await patch(key, myAgent, { name: null })).json()).toMatchObject({ name: null });
    await patch(key, myAgent, { name: "Sales line" });
  });

  it("answers another account's agent and a made-up id 404, a viewer 403, a long name 400 — changing nothing", async () => {
    const key = await keyFor(mine.accountId, "owner");
    const foreign = await patch(key, theirAgent, { name: "Mine now" });
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");
    expect((await patch(key, "agt_doesnotexist", { name: "x" })).status).toBe(404);
    expect((await patch(key, "not-an-id", { name: "x" })).status).toBe(404);
    expect((await patch(await keyFor(mine.accountId, "viewer"), myAgent, { name: "Viewer" })).status).toBe(403);
    const long = await patch(key, myAgent, { name: "x".repeat(61) });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("name");
    const [theirRow] = await db.select().from(agents).where(eq(agents.id, theirAgent));
    expect(theirRow!.name).toBeNull();
  });
});

describe("PUT /api/v1/post-call-actions `agents`", () => {
  it("stores the routing and reads it back; absent is every agent", async () => {
    const key = await keyFor(mine.accountId, "owner");
    const res = await put(key, {
      actions: [
        { channel: "sms", to: "+61400000001", agents: [myAgent, myAgent] },
        { channel: "webhook", to: "https://hooks.example.com/a" },
      ],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { actions: { agents: string[] }[] };
    expect(responseErrors("/api/v1/post-call-actions", "put", 200, body)).toEqual([]);
    expect(body.actions.map((a) => a.agents)).toEqual([[myAgent], []]);
    const rows = await db.select().from(postCallActions).where(eq(postCallActions.accountId, mine.accountId));
    expect(rows.map((r) => r.agentIds).sort()).toEqual([[], [myAgent]]);
  });

  it("refuses another account's agent and an unknown one with a 422 naming each, storing nothing", async () => {
    const key = await keyFor(mine.accountId, "owner");
    const before = await db.select().from(postCallActions).where(eq(postCallActions.accountId, mine.accountId));
    const res = await put(key, {
      actions: [
        { channel: "email", to: "a@example.com", agents: [myAgent, theirAgent] },
        { channel: "email", to: "b@example.com", agents: ["agt_unknown0000"] },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { detail: string; errors: { field: string; message: string }[] };
    expect(problem.errors).toEqual([
      { field: "actions[0].agents[1]", message: `No agent ${theirAgent} in this account.` },
      { field: "actions[1].agents[0]", message: "No agent agt_unknown0000 in this account." },
    ]);
    expect(problem.detail).toMatch(/GET \/api\/v1\/agents/);
    expect(await db.select().from(postCallActions).where(eq(postCallActions.accountId, mine.accountId))).toEqual(before);

    const malformed = await put(key, { actions: [{ channel: "email", to: "a@example.com", agents: ["Rentals line"] }] });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("actions[0].agents[0]");
  });
});
