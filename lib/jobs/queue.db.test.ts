import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SCHEMA, notifyChannelSql } from "pg-boss/dist/plans.js";
import { db, sqlClient } from "@/db";
import { ingestCall } from "@/lib/ingest/ingest-call";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { MESSAGE_PRIORITY, stopBoss } from "./queue";

afterAll(async () => {
  await stopBoss();
});

type JobRow = Record<string, unknown> & { singleton_key: string; data: { deliveryId: string } };

async function jobsFor(deliveryIds: string[]) {
  return db.execute<JobRow>(sql`
    select *, extract(epoch from keep_until - start_after)::int as kept_seconds,
           start_after <= now() as runnable, extract(epoch from start_after - created_on)::int as held_seconds
      from pgboss.job where name = 'delivery' and singleton_key in ${deliveryIds} order by priority desc, singleton_key`);
}

/** What may differ between two jobs of equal standing: identity and clock readings. */
function comparable(job: JobRow) {
  const { id: _id, data: _data, singleton_key: _key, created_on: _c, start_after: _s, keep_until: _k, ...rest } = job;
  return rest;
}

describe("ingest's in-statement enqueue", () => {
  it("writes the same job rows as pg-boss's insert (enqueueDeliveries): same columns, priorities and policy", async () => {
    const account = await createAccount();
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61400111222" },
      { channel: "webhook", destination: "https://example.com/hook" },
    ]);
    // Reference: the factory enqueues through boss.insert.
    const reference = await createCall(account, actions);
    const ingested = await ingestCall(db, {
      eventId: "evt_queue_test_1",
      data: {
        call_id: "CA-queue-1",
        to: account.agentNumber,
        from: "+61412345678",
        direction: "inbound",
        status: "completed",
        started_at: "2026-11-24T09:00:00Z",
        ended_at: "2026-11-24T09:03:12Z",
      },
    });
    expect(ingested.created).toBe(true);
    expect(ingested.deliveryIds).toHaveLength(2);

    const mine = await jobsFor(ingested.deliveryIds);
    const theirs = await jobsFor(reference.deliveryIds);
    expect(mine).toHaveLength(2);
    expect(mine.map(comparable)).toEqual(theirs.map(comparable));
    // One job per delivery, keyed and labelled by it, messages ahead of webhooks.
    expect(mine.map((j) => j.data.deliveryId)).toEqual(mine.map((j) => j.singleton_key));
    expect(new Set(mine.map((j) => j.singleton_key))).toEqual(new Set(ingested.deliveryIds));
    expect(mine.map((j) => j.priority)).toEqual([MESSAGE_PRIORITY, 0]);
    expect(mine[0]).toMatchObject({ state: "created", policy: "singleton", runnable: true, retry_count: 0 });
    // The webhook's job is held back until the SMS has an outcome (at most 10 s), counting it as awaited.
    expect(mine.map((j) => j.held_seconds)).toEqual([0, 10]);
    const awaiting = await db.execute<{ channel: string; awaiting_messages: number }>(sql`
      select channel, awaiting_messages from deliveries where id in ${ingested.deliveryIds} order by channel`);
    expect(awaiting).toEqual([
      { channel: "sms", awaiting_messages: 0 },
      { channel: "webhook", awaiting_messages: 1 },
    ]);
  });

  it("wakes the workers: one NOTIFY on pg-boss's channel when jobs went in, none when no action matched", async () => {
    const [row] = await sqlClient().unsafe<{ channel: string }[]>(`select ${notifyChannelSql(DEFAULT_SCHEMA)} as channel`);
    const heard: string[] = [];
    const listening = await sqlClient().listen(row!.channel, (payload) => heard.push(payload));
    try {
      const account = await createAccount();
      await createActions(account.accountId, [{ channel: "webhook", destination: "https://example.com/hook" }]);
      const event = (n: number, status: "completed" | "busy") => ({
        eventId: `evt_queue_notify_${n}`,
        data: {
          call_id: `CA-notify-${n}`,
          to: account.agentNumber,
          from: "+61412345670",
          direction: "inbound" as const,
          status,
          started_at: "2026-11-24T09:00:00Z",
          ended_at: "2026-11-24T09:03:12Z",
        },
      });
      // The factory's actions run on completed calls only: a busy call has no delivery, so no job.
      await ingestCall(db, event(1, "busy"));
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toEqual([]);
      await ingestCall(db, event(2, "completed"));
      const until = Date.now() + 5_000;
      while (heard.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual(["delivery"]);
    } finally {
      await listening.unlisten();
    }
  });

  it("a redelivered event inserts no second set of jobs", async () => {
    const account = await createAccount();
    await createActions(account.accountId, [{ channel: "webhook", destination: "https://example.com/hook" }]);
    const input = {
      eventId: "evt_queue_test_2",
      data: {
        call_id: "CA-queue-2",
        to: account.agentNumber,
        from: "+61412345679",
        direction: "inbound" as const,
        status: "completed" as const,
        started_at: "2026-11-24T09:00:00Z",
        ended_at: "2026-11-24T09:03:12Z",
      },
    };
    const first = await ingestCall(db, input);
    const again = await ingestCall(db, input);
    expect(again).toMatchObject({ created: false, callId: first.callId, deliveryIds: [] });
    const [row] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pgboss.job j join deliveries d on d.id = j.singleton_key where d.call_id = ${first.callId}`);
    expect(row!.n).toBe(1);
  });
});
