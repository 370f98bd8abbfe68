import { randomUUID } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { db, closeDb, type Db } from "@/db";
import * as schema from "@/db/schema";
import { getCall, listCalls } from "@/db/queries/calls";
import { creditUsageByDay } from "@/db/queries/credits";
import { overviewFigures } from "@/db/queries/overview";
import { summarize } from "./stats";

const CHANNELS = ["sms", "email", "webhook"] as const;
const PRICE = { sms: 10, email: 20, webhook: 0 };
const STATUSES = ["completed", "completed", "completed", "no-answer", "busy"];

async function copy(sql: postgres.Sql, statement: string, rows: () => Generator<string>) {
  const writable = await sql.unsafe(statement).writable();
  await pipeline(Readable.from(rows()), writable);
}

/**
 * Seeds `calls` calls over `accounts` accounts with COPY (plus one delivery per call and a ledger
 * entry per paid delivery), then times the app's own query functions and checks their plans.
 */
export async function measureQueries(url: string, opts: { calls: number; accounts: number; log: (m: string) => void }) {
  // A bulk load: no live-dashboard notification per row (db/migrations/0011_live_notify.sql).
  const sql = postgres(url, { max: 4, onnotice: () => {}, connection: { "aftercall.live_notify": "off" } });
  const perAccount = Math.floor(opts.calls / opts.accounts);
  const now = Date.now();
  const accountId = (a: number) => `acc_b${a.toString().padStart(5, "0")}`;
  const started = Date.now();

  await copy(sql, "copy accounts (id, name, credit_balance, time_zone) from stdin", function* () {
    for (let a = 0; a < opts.accounts; a++) yield `${accountId(a)}\tBench ${a}\t1000000\tAustralia/Sydney\n`;
  });
  const ownerId = randomUUID();
  const sampleOwnerEmail = "owner-b00007@bench.test";
  await sql`insert into users (id, email) values (${ownerId}, ${sampleOwnerEmail})`;
  await sql`insert into memberships (user_id, account_id, role) values (${ownerId}, ${accountId(7)}, 'owner')`;

  // Each account's calls come from 300 callers, a third of them saved contacts; three actions each.
  const CALLERS = 300;
  const callerOf = (a: number, k: number) => `+614${a.toString().padStart(4, "0")}${k.toString().padStart(4, "0")}`;
  await copy(sql, "copy contacts (id, account_id, phone, name, saved, phone_type) from stdin", function* () {
    for (let a = 0; a < opts.accounts; a++) {
      for (let k = 0; k < CALLERS; k++) yield `ct_b${a}_${k}\t${accountId(a)}\t${callerOf(a, k)}\t${k % 3 === 0 ? `Contact ${k}` : "\\N"}\t${k % 3 === 0 ? "t" : "f"}\tmobile\n`;
    }
  });
  await copy(sql, "copy post_call_actions (id, account_id, position, channel, destination) from stdin", function* () {
    for (let a = 0; a < opts.accounts; a++) {
      yield `act_b${a}_0\t${accountId(a)}\t0\tsms\t+61400000000\n`;
      yield `act_b${a}_1\t${accountId(a)}\t1\temail\tops@bench.test\n`;
      yield `act_b${a}_2\t${accountId(a)}\t2\twebhook\thttps://hooks.bench.test\n`;
    }
  });
  const transcript = JSON.stringify([{ role: "agent", text: "Hi, how can I help?", start_ms: 0, end_ms: 1800 }, { role: "caller", text: "I'd like an appraisal.", start_ms: 2100, end_ms: 4200 }]);
  const ts = (ms: number) => new Date(ms).toISOString();
  await copy(
    sql,
    "copy calls (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number, caller_number, contact_id, contact_name_heard, phone_type, started_at, ended_at, duration_seconds, summary, transcript) from stdin",
    function* () {
      for (let a = 0; a < opts.accounts; a++) {
        for (let i = 0; i < perAccount; i++) {
          const n = a * perAccount + i;
          const ended = now - Math.floor(((i * 7919) % perAccount) / perAccount * 90 * 86400_000) - (n % 1000);
          const dur = 30 + (n % 400);
          const k = (i * 31) % CALLERS;
          const caller = callerOf(a, k);
          yield `call_b${n}\t${accountId(a)}\tevt_b${n}\tCAb${n}\t+6129${a.toString().padStart(6, "0")}\tinbound\t${STATUSES[n % STATUSES.length]}\t${caller}\t+6129${a.toString().padStart(6, "0")}\t${caller}\tct_b${a}_${k}\tCaller ${n % 97}\tmobile\t${ts(ended - dur * 1000)}\t${ts(ended)}\t${dur}\tWants an appraisal of ${n % 200} Smith St.\t${transcript}\n`;
        }
      }
    },
  );
  opts.log(`COPY ${opts.calls.toLocaleString("en")} calls: ${((Date.now() - started) / 1000).toFixed(1)}s`);

  const t2 = Date.now();
  await copy(sql, "copy deliveries (id, account_id, call_id, action_id, channel, destination, status, message_id, credits, attempt_count, created_at, completed_at) from stdin", function* () {
    for (let n = 0; n < perAccount * opts.accounts; n++) {
      const a = Math.floor(n / perAccount);
      const ch = CHANNELS[n % 3]!;
      const at = ts(now - ((n * 7919) % (90 * 86400)) * 1000);
      yield `dlv_b${n}\t${accountId(a)}\tcall_b${n}\tact_b${a}_${n % 3}\t${ch}\t${ch === "sms" ? "+61400000000" : ch === "email" ? "ops@bench.test" : "https://hooks.bench.test"}\tsent\tmsg_b${n}\t${PRICE[ch]}\t1\t${at}\t${at}\n`;
    }
  });
  await copy(sql, "copy credit_ledger (account_id, kind, amount, balance_after, delivery_id, channel, created_at) from stdin", function* () {
    for (let n = 0; n < perAccount * opts.accounts; n++) {
      const ch = CHANNELS[n % 3]!;
      if (PRICE[ch] === 0) continue;
      const a = Math.floor(n / perAccount);
      yield `${accountId(a)}\tcharge\t${-PRICE[ch]}\t1000000\tdlv_b${n}\t${ch}\t${ts(now - ((n * 7919) % (90 * 86400)) * 1000)}\n`;
    }
  });
  await sql`analyze`;
  opts.log(`COPY deliveries + ledger and ANALYZE: ${((Date.now() - t2) / 1000).toFixed(1)}s`);

  // Time the app's own query functions against random accounts.
  const timings: Record<string, number[]> = { callsList: [], callsListPage2: [], callDetail: [], overview: [], creditsChart: [] };
  const runs = 200;
  for (let r = 0; r < runs; r++) {
    const a = (r * 37) % opts.accounts;
    const id = accountId(a);
    const time = async (name: string, fn: () => Promise<unknown>) => {
      const t = performance.now();
      const out = await fn();
      timings[name]!.push(performance.now() - t);
      return out;
    };
    const first = (await time("callsList", () => listCalls(db, id, { limit: 25, timeZone: "Australia/Sydney" }))) as { nextCursor: string | null };
    await time("callsListPage2", () => listCalls(db, id, { limit: 25, cursor: first.nextCursor, timeZone: "Australia/Sydney" }));
    await time("callDetail", () => getCall(db, id, `call_b${a * perAccount + (r % perAccount)}`));
    await time("overview", () => overviewFigures(db, id, "Australia/Sydney"));
    await time("creditsChart", () => creditUsageByDay(db, id, "Australia/Sydney", 90));
  }
  await closeDb();

  // Plans of the statements the functions really issue: run each once more through a Drizzle
  // instance that records its SQL, then EXPLAIN (ANALYZE) every recorded statement.
  const plans: Record<string, { statements: number; indexes: string[]; seqScans: string[]; ms: number }> = {};
  const sample = accountId(3);
  const callFns: Record<string, (d: Db) => Promise<unknown>> = {
    callsList: (d) => listCalls(d, sample, { limit: 25, timeZone: "Australia/Sydney" }),
    callDetail: (d) => getCall(d, sample, `call_b${3 * perAccount}`),
    overview: (d) => overviewFigures(d, sample, "Australia/Sydney"),
    creditsChart: (d) => creditUsageByDay(d, sample, "Australia/Sydney", 90),
  };
  for (const [name, fn] of Object.entries(callFns)) {
    const issued: { query: string; params: unknown[] }[] = [];
    const recording = drizzle(sql, { schema, logger: { logQuery: (query, params) => issued.push({ query, params }) } });
    await fn(recording);
    const found = { statements: issued.length, indexes: new Set<string>(), seqScans: new Set<string>(), ms: 0 };
    for (const q of issued) {
      const [row] = await sql.unsafe(`explain (analyze, format json) ${q.query}`, q.params as never[]);
      const text = JSON.stringify(row);
      for (const m of text.matchAll(/"Index Name":"([^"]+)"/g)) found.indexes.add(m[1]!);
      for (const m of text.matchAll(/"Node Type":"Seq Scan"[^}]*?"Relation Name":"([^"]+)"/g)) found.seqScans.add(m[1]!);
      found.ms += (row as unknown as { "QUERY PLAN": { "Execution Time": number }[] })["QUERY PLAN"][0]!["Execution Time"];
    }
    plans[name] = { statements: found.statements, indexes: [...found.indexes], seqScans: [...found.seqScans], ms: Math.round(found.ms * 10) / 10 };
  }
  const sizes = await sql`
    select c.relname as name, pg_size_pretty(pg_table_size(c.oid)) as table_size, pg_size_pretty(pg_indexes_size(c.oid)) as index_size, c.reltuples::bigint as rows
    from pg_class c where c.relname in ('calls', 'deliveries', 'credit_ledger', 'contacts') order by c.relname`;
  await sql.end();

  const result: Record<string, unknown> = { calls: perAccount * opts.accounts, accounts: opts.accounts, budgetP95Ms: 20, sampleOwnerEmail, plans, sizes };
  for (const [name, samples] of Object.entries(timings)) result[name] = summarize(samples);
  opts.log(`queries p95: ${Object.keys(timings).map((k) => `${k} ${(result[k] as { p95: number }).p95} ms`).join(", ")}`);
  return result;
}
