import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { calls } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { stopBoss } from "@/lib/jobs/queue";
import { POST } from "@/app/api/v1/call-events/route";
import { eventBody, makeAccount, signedRequest } from "@/tests/ingest-fixtures";
import { ingestCall } from "@/lib/ingest/ingest-call";
import { STORE_DEADLINE_MS, STORE_SETTLE_MS, withStoreDeadline } from "@/lib/ingest/store-deadline";

const AGENT = "+61290004321";
/** A second client, outside the app's pool: it holds the locks that stall the app's statements. */
let other: postgres.Sql;

beforeAll(async () => {
  await makeAccount(db, AGENT, { actions: [{ channel: "sms", destination: "+61400000009" }] });
  other = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
  // A table whose unique check runs at COMMIT and waits there for a conflicting open transaction.
  await db.execute(sql`create table deferred_probe (k int unique deferrable initially deferred)`);
});
afterAll(async () => {
  await other.end({ timeout: 1 });
  await stopBoss();
});

const stored = async (callId: string) => (await db.select({ id: calls.id }).from(calls).where(eq(calls.externalId, callId))).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Holds an ACCESS EXCLUSIVE lock on `table` in an open transaction until `release()` is called. */
async function holdLock(table: string) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const done = other
    .begin(async (tx) => {
      await tx.unsafe(`lock table ${table} in access exclusive mode`);
      locked();
      await released;
    })
    .catch(() => {});
  await isLocked;
  return async () => {
    release();
    await done;
  };
}

async function problemOf(error: unknown) {
  expect(error).toBeInstanceOf(AppError);
  const e = error as AppError;
  return { status: e.status, retryAfter: e.headers["retry-after"], message: e.message };
}

describe("withStoreDeadline", () => {
  it("a statement held by a lock past the deadline: 503 + retry-after within the bound, cancelled, so nothing is stored even once the lock goes", async () => {
    const release = await holdLock("calls");
    const event = { eventId: "evt_deadline_lock", data: eventBody({ to: AGENT, call_id: "CA-deadline-lock" }).data } as never;
    const t0 = performance.now();
    const error = await withStoreDeadline(() => ingestCall(db, event), { deadlineMs: 400, settleMs: 1_000 }).catch((e: unknown) => e);
    const ms = performance.now() - t0;
    await release();

    const p = await problemOf(error);
    expect(p).toMatchObject({ status: 503, retryAfter: "5" });
    // The server answered the cancelled statement with 57014: certain, so it says so.
    expect(p.message).toMatch(/Nothing was kept/);
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(ms).toBeLessThan(1_400);
    await sleep(300);
    expect(await stored("CA-deadline-lock")).toBe(0);
    // The pool is fine afterwards: the same event is accepted.
    await expect(ingestCall(db, event)).resolves.toMatchObject({ created: true });
  });

  it("through the route: 503 problem+json with retry-after within 5 s, nothing stored, and the platform's retry is accepted", async () => {
    const release = await holdLock("calls");
    const body = JSON.stringify(eventBody({ to: AGENT, call_id: "CA-deadline-route" }));
    const t0 = performance.now();
    const res = await POST(signedRequest(body, { id: "evt_deadline_route" }), undefined as never);
    const ms = performance.now() - t0;
    await release();

    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("retry-after")).toBe("5");
    expect(((await res.json()) as { detail: string }).detail).toMatch(/Nothing was kept/);
    expect(ms).toBeGreaterThanOrEqual(STORE_DEADLINE_MS - 10);
    expect(ms).toBeLessThan(Math.min(5_000, STORE_DEADLINE_MS + STORE_SETTLE_MS + 500));
    await sleep(300);
    expect(await stored("CA-deadline-route")).toBe(0);

    const retry = await POST(signedRequest(body, { id: "evt_deadline_route" }), undefined as never);
    expect(retry.status).toBe(202);
    expect(await stored("CA-deadline-route")).toBe(1);
  });

  it("a commit that completes after the deadline but within the settle time is answered with its result, never 503", async () => {
    // The other transaction has inserted k = 1 and not committed: our COMMIT waits on it, and the
    // COMMIT is not a query the deadline cancels. It rolls back after the deadline; our commit succeeds.
    let rollback!: () => void;
    const rolledBack = new Promise<void>((r) => (rollback = r));
    let inserted!: () => void;
    const isInserted = new Promise<void>((r) => (inserted = r));
    const blocker = other
      .begin(async (tx) => {
        await tx`insert into deferred_probe values (1)`;
        inserted();
        await rolledBack;
        throw new Error("roll back");
      })
      .catch(() => {});
    await isInserted;
    setTimeout(rollback, 600);

    const t0 = performance.now();
    const result = await withStoreDeadline(
      () =>
        db.transaction(async (tx) => {
          await tx.execute(sql`insert into deferred_probe values (1)`);
          return "committed";
        }),
      { deadlineMs: 300, settleMs: 2_000 },
    );
    await blocker;
    expect(result).toBe("committed");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(590);
    expect((await db.execute<{ n: number }>(sql`select count(*)::int as n from deferred_probe where k = 1`))[0]!.n).toBe(1);
    await db.execute(sql`delete from deferred_probe`);
  });

  it("a commit still pending at the end of the settle time: 503 that does NOT claim nothing was kept (it is stored a moment later)", async () => {
    let rollback!: () => void;
    const rolledBack = new Promise<void>((r) => (rollback = r));
    let inserted!: () => void;
    const isInserted = new Promise<void>((r) => (inserted = r));
    const blocker = other
      .begin(async (tx) => {
        await tx`insert into deferred_probe values (2)`;
        inserted();
        await rolledBack;
        throw new Error("roll back");
      })
      .catch(() => {});
    await isInserted;

    let work!: Promise<string>;
    const error = await withStoreDeadline(
      () =>
        (work = db.transaction(async (tx) => {
          await tx.execute(sql`insert into deferred_probe values (2)`);
          return "committed";
        })),
      { deadlineMs: 200, settleMs: 300 },
    ).catch((e: unknown) => e);
    rollback();
    await blocker;
    const p = await problemOf(error);
    expect(p.status).toBe(503);
    expect(p.message).not.toMatch(/Nothing was kept/);
    expect(p.message).toMatch(/did not confirm/);
    await expect(work).resolves.toBe("committed");
    expect((await db.execute<{ n: number }>(sql`select count(*)::int as n from deferred_probe where k = 2`))[0]!.n).toBe(1);
  });

  it("refuses to send the work's queries after the deadline", async () => {
    const release = await holdLock("calls");
    let later: unknown = "not tried";
    const error = await withStoreDeadline(
      async () => {
        await db.execute(sql`select count(*) from calls`).catch(() => {}); // cancelled at the deadline
        later = await db.execute(sql`select 1 as one`).then(
          () => "sent",
          (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
        );
        throw new Error("gave up");
      },
      { deadlineMs: 200, settleMs: 500 },
    ).catch((e: unknown) => e);
    await release();
    expect((await problemOf(error)).message).toMatch(/Nothing was kept/);
    expect(later).toBe("STORE_DEADLINE_PASSED");
  });

  it("passes the work's own answers through: an AppError as itself, an unknown agent number as 422", async () => {
    const event = { eventId: "evt_deadline_422", data: eventBody({ to: "+61299998888" }).data } as never;
    const error = await withStoreDeadline(() => ingestCall(db, event)).catch((e: unknown) => e);
    expect((error as AppError).status).toBe(422);
  });
});
