/**
 * Chaos 5: PostgreSQL is down for ~35 s while call-end events keep arriving at 5/s (open loop: each
 * request is sent on schedule, whatever happened to the last). Voice platforms give up after 10–20 s,
 * so a request held until the database returns is no answer at all. Every request sent while it is
 * down is answered within 5 s — 503 with retry-after, or 2xx if the database came back meanwhile; at
 * least 95 % of those sent 5 s or more before it returns get the 503; a 503 that says "Nothing was
 * kept" is true (that call is not stored); every 2xx is stored; and the same web process accepts
 * events again once the database is back. An embedded PostgreSQL of our own, so stopping it disturbs
 * no shared server; everything on 127.0.0.1.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { closeDb, db } from "@/db";
import { migrateDatabase } from "@/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { startEmbeddedDb, type EmbeddedDb } from "@/scripts/lib/embedded-db";
import { createAccount } from "@/tests/factories";
import { CHAOS_ENV, callEndedBody, chaosPort, platformEvent, report, sleep, startWeb } from "./harness";

const RATE_PER_SECOND = 5;
const BEFORE_MS = 3_000;
const DOWN_MS = Number(process.env.CHAOS_OUTAGE_MS ?? 35_000);
const AFTER_MS = 10_000;
/** The contract: an inbound request is answered within this, whatever the database is doing. */
const ANSWER_WITHIN_MS = 5_000;
/** Events sent this long after the database is back must all be accepted (the pool reconnects within ~1 s). */
const SETTLED_AFTER_MS = 3_000;
const DATABASE = "aftercall_outage";

let tmp: string;
let pg: EmbeddedDb | undefined;
let web: Awaited<ReturnType<typeof startWeb>> | undefined;
const pgLog: string[] = [];

async function startPg(): Promise<EmbeddedDb> {
  const start = () => startEmbeddedDb({ dir: path.join(tmp, "data"), database: DATABASE, preferredPort: 0, log: (m) => pgLog.push(m) });
  try {
    return await start();
  } catch {
    await sleep(1_000);
    return start().catch((error) => {
      throw new Error(`${(error as Error).message}\n${pgLog.slice(-20).join("\n")}`);
    });
  }
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "aftercall-chaos-outage-"));
  chmodSync(tmp, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach its data folder
  pg = await startPg();
  await migrateDatabase(pg.url);
  Object.assign(process.env, CHAOS_ENV, { DATABASE_URL: pg.url });
  resetEnvCache();
  web = await startWeb({ port: chaosPort(3), databaseUrl: pg.url });
}, 180_000);

afterAll(async () => {
  await web?.kill("SIGTERM");
  await closeDb().catch(() => {});
  await pg?.stop().catch(() => {});
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

type Sent = { i: number; sentAt: number; ms: number; status: number; retryAfter: string | null; detail: string | null; callId: string | null; externalId: string };

it(`PostgreSQL down ${DOWN_MS / 1000} s while events arrive at ${RATE_PER_SECOND}/s: every request answered within 5 s, 503 + retry-after while down, every 2xx stored, recovery without restart`, async () => {
  const account = await createAccount({ credits: 100_000 });
  await closeDb(); // the test's own pool must not hold connections across the outage
  const run = Date.now().toString(36);
  const url = pg!.url;

  const results: Promise<Sent>[] = [];
  const send = async (i: number): Promise<Sent> => {
    const body = callEndedBody(account.agentNumber, run, i);
    const externalId = (JSON.parse(body) as { data: { call_id: string } }).data.call_id;
    const event = platformEvent(body);
    const sentAt = Date.now();
    try {
      const res = await fetch(`${web!.url}/api/v1/call-events`, {
        method: "POST",
        headers: event.headers(),
        body: event.body,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      const json = (() => {
        try {
          return JSON.parse(text) as { call_id?: string; detail?: string };
        } catch {
          return {};
        }
      })();
      return {
        i,
        sentAt,
        ms: Date.now() - sentAt,
        status: res.status,
        retryAfter: res.headers.get("retry-after"),
        detail: json.detail ?? null,
        callId: json.call_id ?? null,
        externalId,
      };
    } catch {
      return { i, sentAt, ms: Date.now() - sentAt, status: 0, retryAfter: null, detail: null, callId: null, externalId };
    }
  };

  // Open loop at a fixed rate, from the first event to the end of the run.
  let stopSending = false;
  const sender = (async () => {
    const t0 = Date.now();
    for (let i = 0; !stopSending; i++) {
      await sleep(Math.max(0, t0 + (i * 1000) / RATE_PER_SECOND - Date.now()));
      if (stopSending) break;
      results.push(send(i));
    }
  })();

  await sleep(BEFORE_MS);
  const downAt = Date.now();
  await pg!.stop();
  const stoppedAt = Date.now();
  await sleep(Math.max(0, downAt + DOWN_MS - Date.now()));
  pg = await startPg();
  const backAt = Date.now();
  expect(pg.url, "restarted on the same port").toBe(url);
  await sleep(AFTER_MS);
  stopSending = true;
  await sender;
  const sent = await Promise.all(results);

  const whileDown = sent.filter((s) => s.sentAt >= downAt && s.sentAt < backAt);
  const early = whileDown.filter((s) => s.sentAt <= backAt - ANSWER_WITHIN_MS);
  // The sender is open-loop, so one request can leave a few ms before the stop and still be in
  // flight when PostgreSQL goes: that one may rightly get the outage's 503. Only requests answered
  // before the stop began had the database for their whole life, and they must all be accepted.
  const before = sent.filter((s) => s.sentAt + s.ms < downAt);
  const straddling = sent.filter((s) => s.sentAt < downAt && s.sentAt + s.ms >= downAt);
  const settled = sent.filter((s) => s.sentAt >= backAt + SETTLED_AFTER_MS);
  const tally = (xs: Sent[]) => xs.reduce<Record<string, number>>((t, s) => ((t[s.status] = (t[s.status] ?? 0) + 1), t), {});
  const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : 0);
  const downMs = whileDown.map((s) => s.ms);
  const early503 = early.filter((s) => s.status === 503).length;

  // Stored calls, read once the database is back.
  const stored = new Map(
    (
      await db.execute<{ id: string; external_id: string }>(sql`select id, external_id from calls where account_id = ${account.accountId}`)
    ).map((r) => [r.external_id, r.id]),
  );
  const accepted = sent.filter((s) => s.status === 200 || s.status === 202);
  const notStored = accepted.filter((s) => stored.get(s.externalId) !== s.callId);
  const claimedNothingKept = sent.filter((s) => s.status === 503 && /Nothing was kept/.test(s.detail ?? ""));
  const falseClaims = claimedNothingKept.filter((s) => stored.has(s.externalId));

  const figures = {
    rate: RATE_PER_SECOND,
    downSeconds: Math.round((backAt - downAt) / 100) / 10,
    stopSeconds: Math.round((stoppedAt - downAt) / 100) / 10,
    sent: sent.length,
    before: tally(before),
    straddling: tally(straddling),
    whileDown: { sent: whileDown.length, answers: tally(whileDown), p50Ms: pct(downMs, 50), p99Ms: pct(downMs, 99), maxMs: Math.max(0, ...downMs) },
    sentAtLeast5sBeforeBack: { sent: early.length, got503: early503, share: early.length ? Math.round((early503 / early.length) * 1000) / 10 : null },
    afterBack: tally(sent.filter((s) => s.sentAt >= backAt)),
    settledAfterBack: tally(settled),
    stored: stored.size,
    accepted: accepted.length,
    nothingKeptClaims: claimedNothingKept.length,
    unconfirmed503: sent.filter((s) => s.status === 503).length - claimedNothingKept.length,
  };
  report("db-outage", figures);
  const show = JSON.stringify(figures);

  expect(before.length, `requests answered before the outage: ${show}`).toBeGreaterThanOrEqual((BEFORE_MS / 1000) * RATE_PER_SECOND - 3);
  expect(before.every((s) => s.status === 202), `before the outage: ${show}`).toBe(true);
  expect(whileDown.length, "requests sent while the database was down").toBeGreaterThanOrEqual(Math.floor(((DOWN_MS - 1_000) / 1000) * RATE_PER_SECOND));
  // Every request sent while it was down: answered within 5 s, with 503 + retry-after or a 2xx.
  const slow = [...straddling, ...whileDown].filter((s) => s.ms > ANSWER_WITHIN_MS || s.status === 0);
  expect(slow.map((s) => ({ i: s.i, ms: s.ms, status: s.status })), `answered late or not at all: ${show}`).toEqual([]);
  const wrong = [...straddling, ...whileDown].filter((s) => !(s.status === 503 && Number(s.retryAfter) > 0) && s.status !== 202 && s.status !== 200);
  expect(wrong.map((s) => ({ i: s.i, status: s.status, retryAfter: s.retryAfter })), show).toEqual([]);
  expect(early503 / early.length, `share of 503s among requests sent ≥ 5 s before the database returned: ${show}`).toBeGreaterThanOrEqual(0.95);
  // Every 2xx stored under the id it was answered with; no "Nothing was kept" for a call that was.
  expect(notStored.map((s) => s.i), "accepted but not stored").toEqual([]);
  expect(falseClaims.map((s) => s.i), "503 said nothing was kept, yet the call is stored").toEqual([]);
  // Recovery without restart: the same web process accepts every event once the database is back.
  expect(web!.child.exitCode, web!.output()).toBeNull();
  expect(settled.length).toBeGreaterThanOrEqual(((AFTER_MS - SETTLED_AFTER_MS) / 1000) * RATE_PER_SECOND - 2);
  expect(settled.every((s) => s.status === 202), `after the database returned: ${show}`).toBe(true);
}, 180_000);
