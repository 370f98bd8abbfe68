/**
 * Endpoint health at 1M delivery attempts: fills a scratch database (COPY) with attempts across many
 * accounts' webhook endpoints over 30 days, then times the page's own function (endpointHealth) for
 * random accounts and EXPLAIN ANALYZEs its statement — with delivery_attempts_endpoint_health_idx, and
 * again after dropping it, in the same run. Everything stays on this machine's PostgreSQL; the scratch
 * database is dropped at the end.
 *
 *   npx tsx scripts/bench/endpoint-health.ts [--attempts 1000000] [--accounts 250]
 *   npm run bench -- --only health            (the same, as a phase of the bench)
 *
 * DATABASE_URL names the server to use (the scratch database is created beside it); without it an
 * embedded PostgreSQL is started, as the tests do.
 */
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { migrateDatabase } from "@/db/migrate";
import { createDatabaseFrom, dropDatabasesWithPrefix, startTestServer, withDatabase } from "@/tests/pg-server";
import { summarize } from "./stats";

const ENDPOINTS_PER_ACCOUNT = 2;
const DAYS = 30;
const TZ = "Australia/Sydney";

async function copy(sql: postgres.Sql, statement: string, rows: () => Generator<string>) {
  const writable = await sql.unsafe(statement).writable();
  await pipeline(Readable.from(rows()), writable);
}

type Timed = ReturnType<typeof summarize>;
export type EndpointHealthBench = {
  attempts: number;
  accounts: number;
  endpoints: number;
  attemptsPerEndpointIn7Days: number;
  budgetP95Ms: number;
  withIndex: Timed & { explain: { ms: number; indexes: string[]; seqScans: string[] } };
  withoutIndex: Timed & { explain: { ms: number; indexes: string[]; seqScans: string[] } };
  tableSize: string;
  indexSize: string;
};

/** Seeds `url` (a migrated, empty database) and measures. */
export async function measureEndpointHealth(
  url: string,
  opts: { attempts: number; accounts: number; log: (m: string) => void },
): Promise<EndpointHealthBench> {
  process.env.DATABASE_URL = url;
  const { resetEnvCache } = await import("@/lib/env");
  resetEnvCache();
  const { db, closeDb } = await import("@/db");
  const { endpointHealth, endpointHealthSql } = await import("@/db/queries/endpoint-health");
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const accountId = (a: number) => `acc_h${a.toString().padStart(5, "0")}`;
  const endpoints = opts.accounts * ENDPOINTS_PER_ACCOUNT;
  const perEndpoint = Math.floor(opts.attempts / endpoints);
  const now = Date.now();
  const ts = (ms: number) => new Date(ms).toISOString();
  let t = Date.now();

  await copy(sql, "copy accounts (id, name, credit_balance, time_zone) from stdin", function* () {
    for (let a = 0; a < opts.accounts; a++) yield `${accountId(a)}\tHealth ${a}\t1000\t${TZ}\n`;
  });
  await copy(sql, "copy post_call_actions (id, account_id, position, channel, destination) from stdin", function* () {
    for (let a = 0; a < opts.accounts; a++) {
      yield `act_h${a}_0\t${accountId(a)}\t0\tsms\t+61400000000\n`;
      for (let e = 0; e < ENDPOINTS_PER_ACCOUNT; e++) yield `act_h${a}_w${e}\t${accountId(a)}\t${e + 1}\twebhook\thttps://hooks${e}.bench.test/a${a}\n`;
    }
  });
  // One delivery per two attempts (a first try that failed and its retry, or a success alone, evenly).
  const deliveriesPerEndpoint = Math.ceil(perEndpoint / 2);
  await copy(sql, "copy deliveries (id, account_id, action_id, channel, destination, status, message_id, attempt_count, created_at, completed_at) from stdin", function* () {
    for (let a = 0; a < opts.accounts; a++) {
      for (let e = 0; e < ENDPOINTS_PER_ACCOUNT; e++) {
        for (let k = 0; k < deliveriesPerEndpoint; k++) {
          const at = ts(now - Math.floor((k / deliveriesPerEndpoint) * DAYS * 86400_000));
          yield `dlv_h${a}_${e}_${k}\t${accountId(a)}\tact_h${a}_w${e}\twebhook\thttps://hooks${e}.bench.test/a${a}\tsent\tmsg_h${a}_${e}_${k}\t2\t${at}\t${at}\n`;
        }
      }
    }
  });
  let written = 0;
  await copy(
    sql,
    "copy delivery_attempts (delivery_id, account_id, action_id, attempt_number, started_at, latency_ms, outcome, status_code, error, response_body) from stdin",
    function* () {
      for (let a = 0; a < opts.accounts; a++) {
        for (let e = 0; e < ENDPOINTS_PER_ACCOUNT; e++) {
          for (let i = 0; i < perEndpoint; i++) {
            const k = Math.floor(i / 2);
            const started = ts(now - Math.floor((k / deliveriesPerEndpoint) * DAYS * 86400_000) + (i % 2) * 5_000);
            // About 1 in 7 attempts fails (a 500, or a timeout with no answer); answers take 30–800 ms.
            const n = (a * 7919 + e * 104729 + i * 31) % 1000;
            const fail = n % 7 === 0;
            const timeout = fail && n % 3 === 0;
            const latency = timeout ? "\\N" : String(30 + ((n * 13) % 770));
            const outcome = fail ? "retryable_error" : "success";
            const code = timeout ? "\\N" : fail ? "500" : "200";
            const error = timeout ? "timed out after 10 s" : fail ? "HTTP 500" : "\\N";
            yield `dlv_h${a}_${e}_${k}\t${accountId(a)}\tact_h${a}_w${e}\t${(i % 2) + 1}\t${started}\t${latency}\t${outcome}\t${code}\t${error}\t${fail ? "internal error" : "ok"}\n`;
            written++;
          }
        }
      }
    },
  );
  opts.log(`COPY ${written.toLocaleString("en")} attempts over ${endpoints} endpoints of ${opts.accounts} accounts: ${((Date.now() - t) / 1000).toFixed(1)}s`);
  t = Date.now();
  // As after weeks of autovacuum: statistics and the visibility map that lets an index-only scan skip the table.
  await sql`vacuum (analyze) delivery_attempts`;
  await sql`analyze`;
  opts.log(`VACUUM ANALYZE: ${((Date.now() - t) / 1000).toFixed(1)}s`);

  const [sizes] = await sql<{ table_size: string; index_size: string }[]>`
    select pg_size_pretty(pg_table_size('delivery_attempts')) as table_size,
           pg_size_pretty(pg_relation_size('delivery_attempts_endpoint_health_idx')) as index_size`;

  const measure = async (runs: number) => {
    const samples: number[] = [];
    for (let r = 0; r < runs; r++) {
      const id = accountId((r * 37) % opts.accounts);
      const start = performance.now();
      const health = await endpointHealth(db, id, TZ);
      samples.push(performance.now() - start);
      if (health.length !== ENDPOINTS_PER_ACCOUNT || health[0]!.last7d.attempts === 0) throw new Error(`unexpected health for ${id}`);
    }
    return summarize(samples);
  };
  const explain = async () => {
    const query = endpointHealthSql(accountId(3), TZ, new Date());
    const { PgDialect } = await import("drizzle-orm/pg-core");
    const built = new PgDialect().sqlToQuery(query);
    const [row] = await sql.unsafe(`explain (analyze, format json) ${built.sql}`, built.params as never[]);
    const text = JSON.stringify(row);
    const plan = (row as unknown as { "QUERY PLAN": { "Execution Time": number }[] })["QUERY PLAN"][0]!;
    return {
      ms: Math.round(plan["Execution Time"] * 10) / 10,
      indexes: [...new Set([...text.matchAll(/"Index Name":"([^"]+)"/g)].map((m) => m[1]!))],
      seqScans: [...new Set([...text.matchAll(/"Node Type":"Seq Scan"[^}]*?"Relation Name":"([^"]+)"/g)].map((m) => m[1]!))],
    };
  };

  await measure(10); // warm the cache, as a page in use would have it
  const withIndex = { ...(await measure(200)), explain: await explain() };
  opts.log(`endpoint health with the index: p50 ${withIndex.p50} ms, p95 ${withIndex.p95} ms; EXPLAIN ANALYZE ${withIndex.explain.ms} ms via ${withIndex.explain.indexes.join(", ")}`);

  await sql`drop index delivery_attempts_endpoint_health_idx`;
  await sql`analyze delivery_attempts`;
  await measure(2);
  const withoutIndex = { ...(await measure(20)), explain: await explain() };
  opts.log(
    `endpoint health without it:    p50 ${withoutIndex.p50} ms, p95 ${withoutIndex.p95} ms; EXPLAIN ANALYZE ${withoutIndex.explain.ms} ms (seq scans: ${withoutIndex.explain.seqScans.join(", ") || "none"}; indexes: ${withoutIndex.explain.indexes.join(", ") || "none"})`,
  );
  await closeDb();
  await sql.end();
  return {
    attempts: written,
    accounts: opts.accounts,
    endpoints,
    attemptsPerEndpointIn7Days: Math.round((perEndpoint * 7) / DAYS),
    budgetP95Ms: 20,
    withIndex,
    withoutIndex,
    tableSize: sizes!.table_size,
    indexSize: sizes!.index_size,
  };
}

/** The standalone run: a scratch database of its own, dropped afterwards. */
export async function main(args = process.argv.slice(2)) {
  const { values } = parseArgs({ args, options: { attempts: { type: "string", default: "1000000" }, accounts: { type: "string", default: "250" } }, strict: false });
  const began = Date.now();
  const log = (m: string) => console.log(`[health ${((Date.now() - began) / 1000).toFixed(0).padStart(3)}s] ${m}`);
  const pg = await startTestServer();
  const name = `aftercall_health_${Date.now().toString(36)}`;
  try {
    await createDatabaseFrom(pg.adminUrl, name);
    const url = withDatabase(pg.adminUrl, name);
    await migrateDatabase(url);
    const result = await measureEndpointHealth(url, { attempts: Number(values.attempts), accounts: Number(values.accounts), log });
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await dropDatabasesWithPrefix(pg.adminUrl, name).catch(() => {});
    await pg.stop().catch(() => {});
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
  process.exit(0);
}
