import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { deleteRecording } from "@/db/queries/calls";
import { auditLog, calls } from "@/db/schema";
import { recordingToken } from "@/lib/recordings";
import { makeAccount } from "@/tests/ingest-fixtures";
import { GET } from "./route";

let accountId: string;
const get = (token: string) => GET(new Request(`http://localhost/r/${token}`), { params: Promise.resolve({ token }) });

async function insertCall(id: string, opts: { endedAt?: Date; recordingUrl?: string | null } = {}) {
  const endedAt = opts.endedAt ?? new Date();
  await db.insert(calls).values({
    id,
    accountId,
    eventId: `evt_${id}`,
    externalId: id,
    agentNumber: "+61290008888",
    direction: "inbound",
    status: "completed",
    fromNumber: "+61412345678",
    toNumber: "+61290008888",
    callerNumber: "+61412345678",
    startedAt: new Date(endedAt.getTime() - 60_000),
    endedAt,
    durationSeconds: 60,
    recordingUrl: opts.recordingUrl === undefined ? "https://recordings.example.com/x.mp3" : opts.recordingUrl,
  });
}

beforeAll(async () => {
  ({ accountId } = await makeAccount(db, "+61290008888"));
  await insertCall("call_rec1");
  await insertCall("call_rec2");
  await insertCall("call_old", { endedAt: new Date(Date.now() - 200 * 86400_000) });
  await insertCall("call_norec", { recordingUrl: null });
});

describe("GET /r/<token>", () => {
  it("redirects a valid link to the platform's recording", async () => {
    const res = await get(recordingToken("call_rec1"));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://recordings.example.com/x.mp3");
  });

  it("404 for a forged or malformed token, or a call without a recording", async () => {
    const [id, exp] = recordingToken("call_rec1").split(".");
    expect((await get(`${id}.${exp}.forged`)).status).toBe(404);
    expect((await get("nonsense")).status).toBe(404);
    expect((await get(recordingToken("call_norec"))).status).toBe(404);
  });

  it("410 for an expired link", async () => {
    expect((await get(recordingToken("call_rec1", 60, Date.now() - 3600_000))).status).toBe(410);
  });

  it("410 once an owner deleted the recording, with an audit entry", async () => {
    const token = recordingToken("call_rec2");
    expect((await get(token)).status).toBe(302);
    await deleteRecording(db, accountId, "call_rec2", { userId: null, label: "owner@test.dev" });
    expect((await get(token)).status).toBe(410);
    const entries = await db.select().from(auditLog).where(eq(auditLog.target, "call_rec2"));
    expect(entries.map((e) => e.action)).toEqual(["recording.deleted"]);
    await expect(deleteRecording(db, accountId, "call_rec2", { userId: null, label: "x" })).rejects.toThrow(/no recording/);
  });

  it("410 past the account's retention, even before the purge job ran", async () => {
    expect((await get(recordingToken("call_old"))).status).toBe(410);
  });
});
