import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { loadCallView } from "@/db/queries/call-view";
import { accounts, calls } from "@/db/schema";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createCall } from "@/tests/factories";
import { purgeExpiredRecordings } from "./maintenance";

afterAll(async () => {
  await stopBoss();
});

describe("recording retention", () => {
  it("purges recordings older than the account's retention, keeps newer ones and other accounts'", async () => {
    const six = await createAccount();
    const two = await createAccount();
    await db.update(accounts).set({ recordingRetentionMonths: 2 }).where(eq(accounts.id, two.accountId));
    const old6 = await createCall(six, []);
    const young6 = await createCall(six, []);
    const old2 = await createCall(two, []);
    const now = new Date();
    const ago = (months: number) => new Date(new Date(now).setMonth(now.getMonth() - months));
    await db.update(calls).set({ endedAt: ago(7) }).where(eq(calls.id, old6.callId));
    await db.update(calls).set({ endedAt: ago(5) }).where(eq(calls.id, young6.callId));
    await db.update(calls).set({ endedAt: ago(3) }).where(eq(calls.id, old2.callId));

    expect(await purgeExpiredRecordings(now)).toBe(2);
    const rows = new Map((await db.select().from(calls)).map((c) => [c.id, c]));
    expect(rows.get(old6.callId)).toMatchObject({ recordingUrl: null });
    expect(rows.get(old6.callId)!.recordingDeletedAt).toBeInstanceOf(Date);
    expect(rows.get(old2.callId)).toMatchObject({ recordingUrl: null });
    expect(rows.get(young6.callId)).toMatchObject({ recordingUrl: "https://platform.example/rec/1.mp3", recordingDeletedAt: null });
    // Messages built afterwards carry no recording link.
    expect((await loadCallView(db, six.accountId, old6.callId))!.recordingLink).toBeNull();
    expect((await loadCallView(db, six.accountId, young6.callId))!.recordingLink).toMatch(/\/r\//);
    // Another account's call is not visible through this account.
    expect(await loadCallView(db, two.accountId, old6.callId)).toBeNull();
    expect(await purgeExpiredRecordings(now)).toBe(0);
  });
});
