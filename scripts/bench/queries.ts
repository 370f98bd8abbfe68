import { randomUUID } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import postgres from "postgres";
import { db, closeDb } from "@/db";
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
  const sql = postgres(url, { max: 4, onnotice: () => {} });
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

  const transcript = JSON.stringify([{ role: "agent", text: "Hi, how can I help?", start_ms: 0, end_ms: 1800 }, { role: "caller", text: "I'd like an appraisal.", start_ms: 2100, end_ms: 4200 }]);
  const ts = (ms: number) => new Date(ms).toISOString();
  await copy(
    sql,
    "copy calls (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number, caller_number, contact_name_heard, phone_type, started_at, ended_at, duration_seconds, summary, transcript) from stdin",
    function* () {
      for (let a = 0; a < opts.accounts; a++) {
        for (let i = 0; i < perAccount; i++) {
          const n = a * perAccount + i;
          const ended = now - Math.floor(((i * 7919) % perAccount) / perAccount * 90 * 86400_000) - (n % 1000);
          const dur = 30 + (n % 400);
          const caller = `+61412${(n % 1_000_000).toString().padStart(6, "0")}`;
          yield `call_b${n}\t${accountId(a)}\tevt_b${n}\tCAb${n}\t+6129${a.toString().padStart(6, "0")}\tinbound\t${STATUSES[n % STATUSES.length]}\t${caller}\t+6129${a.toString().padStart(6, "0")}\t${caller}\tCaller ${n % 97}\tmobile\t${ts(ended - dur * 1000)}\t${ts(ended)}\t${dur}\tWants an appraisal of ${n % 200} Smith St.\t${transcript}\n`;
        }
      }
    },
  );
  opts.log(`COPY ${opts.calls.toLocaleString("en")} calls: ${((Date.now() - started) / 1000).toFixed(1)}s`);

  const t2 = Date.now();
  await copy(sql, "copy deliveries (id, account_id, call_id, channel, destination, status, message_id, credits, attempt_count, created_at, completed_at) from stdin", function* () {
    for (let n = 0; n < perAccount * opts.accounts; n++) {
      const a = Math.floor(n / perAccount);
      const ch = CHANNELS[n % 3]!;
      const at = ts(now - ((n * 7919) % (90 * 86400)) * 1000);
      yield `dlv_b${n}\t${accountId(a)}\tcall_b${n}\t${ch}\t${ch === "sms" ? "+61400000000" : ch === "email" ? "ops@bench.test" : "https://hooks.bench.test"}\tsent\tmsg_b${n}\t${PRICE[ch]}\t1\t${at}\t${at}\n`;
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

  // Plans of the hot queries, as the functions issue them.
  const plan = async (q: string, params: unknown[]) => {
    const [row] = await sql.unsafe(`explain (format json) ${q}`, params as never[]);
    const text = JSON.stringify(row);
    return { indexes: [...new Set([...text.matchAll(/"Index Name":"([^"]+)"/g)].map((m) => m[1]))], seqScan: text.includes('"Seq Scan"') };
  };
  const plans = {
    callsList: await plan("select id from calls where account_id = $1 order by ended_at desc, id desc limit 26", [accountId(3)]),
    callDetail: await plan("select * from calls where account_id = $1 and id = $2", [accountId(3), `call_b${3 * perAccount}`]),
    overview: await plan("select channel, count(*) from deliveries where account_id = $1 and created_at >= now() - interval '7 days' group by channel", [accountId(3)]),
    creditsChart: await plan("select date_trunc('day', created_at), channel, sum(amount) from credit_ledger where account_id = $1 and created_at >= now() - interval '90 days' group by 1, 2", [accountId(3)]),
  };
  const sizes = await sql`
    select c.relname as name, pg_size_pretty(pg_table_size(c.oid)) as table_size, pg_size_pretty(pg_indexes_size(c.oid)) as index_size, c.reltuples::bigint as rows
    from pg_class c where c.relname in ('calls', 'deliveries', 'credit_ledger', 'contacts') order by c.relname`;
  await sql.end();

  const result: Record<string, unknown> = { calls: perAccount * opts.accounts, accounts: opts.accounts, budgetP95Ms: 20, sampleOwnerEmail, plans, sizes };
  for (const [name, samples] of Object.entries(timings)) result[name] = summarize(samples);
  opts.log(`queries p95: ${Object.keys(timings).map((k) => `${k} ${(result[k] as { p95: number }).p95} ms`).join(", ")}`);
  return result;
}
