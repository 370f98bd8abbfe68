/**
 * The live dashboard's fan-out under load: N open server-sent event streams (dashboards) of ONE account
 * against a running production server, then a delivery status change of one of its calls, again and
 * again; each stream's time from the change (before its statement is sent) to the change's event
 * arriving. Prints p50/p95/p99 and the CPU the web process and PostgreSQL spent per change.
 *
 * Part of `npm run bench` (phase `live`); on its own, it starts what it needs (a PostgreSQL, a fresh
 * database, the production server from an existing `next build`) and stops it all:
 *   npx tsx scripts/bench/sse-fanout.ts [--port 3245] [--connections 200] [--rounds 30]
 * Traffic goes to 127.0.0.1 only; every phase is bounded, and the whole run stops itself after 3 minutes.
 */
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { newId } from "@/lib/ids";
import { serverCpuMs, treeCpuMs } from "./processes";
import { summarize } from "./stats";

export type FanoutResult = {
  connections: number;
  rounds: number;
  openMs: number;
  latencyMs: ReturnType<typeof summarize>;
  missed: number;
  webCpuMsPerChange: number;
  postgresCpuMsPerChange: number;
  budget: { p95: number };
};

/** An account with one call and one webhook delivery, and a session for its owner (as signing in leaves). */
async function seedLiveAccount(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [accountId, callId, deliveryId, userId] = [newId("acc"), newId("call"), newId("dlv"), randomUUID()];
    const token = randomBytes(32).toString("hex");
    const agent = `+6129${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    await sql.begin(async (tx) => {
      await tx`insert into users (id, email) values (${userId}, ${`live-${accountId}@bench.test`})`;
      await tx`insert into accounts (id, name, credit_balance) values (${accountId}, 'Bench live', 1000)`;
      await tx`insert into memberships (user_id, account_id, role) values (${userId}, ${accountId}, 'owner')`;
      await tx`insert into agent_numbers (id, account_id, e164) values (${newId("num")}, ${accountId}, ${agent})`;
      await tx`insert into calls (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number,
                                  caller_number, started_at, ended_at, duration_seconds)
               values (${callId}, ${accountId}, ${newId("evt")}, ${`CA-${callId}`}, ${agent}, 'inbound', 'completed', '+61412345678', ${agent},
                       '+61412345678', now() - interval '2 minutes', now() - interval '1 minute', 60)`;
      await tx`insert into deliveries (id, account_id, call_id, channel, destination, status, message_id)
               values (${deliveryId}, ${accountId}, ${callId}, 'webhook', 'https://hooks.bench.test/in', 'sent', ${newId("msg")})`;
      await tx`insert into sessions (session_token, user_id, expires) values (${token}, ${userId}, now() + interval '1 day')`;
    });
    return { accountId, deliveryId, cookie: `authjs.session-token=${token}` };
  } finally {
    await sql.end();
  }
}

type Stream = { ready: Promise<void>; arrivals: Map<number, number>; close: () => void };

/** One dashboard's stream: resolves `ready` on the server's `ready` event; notes when each round's change arrives. */
function openStream(base: URL, cookie: string, deliveryId: string, roundOf: () => number): Stream {
  const arrivals = new Map<number, number>();
  let req: http.ClientRequest | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    req = http.get(new URL("/api/dashboard/events", base), { headers: { cookie, accept: "text/event-stream" }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        const now = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith("event: ready")) resolve();
          else if (frame.startsWith("event: change") && frame.includes(deliveryId)) {
            const round = roundOf();
            if (!arrivals.has(round)) arrivals.set(round, now);
          }
        }
      });
    });
    req.on("error", reject);
  });
  return { ready, arrivals, close: () => req?.destroy() };
}

export async function measureSseFanout(opts: {
  base: string;
  databaseUrl: string;
  webPid: number;
  postgresPid: number;
  connections?: number;
  rounds?: number;
  log?: (m: string) => void;
}): Promise<FanoutResult> {
  const base = new URL(opts.base);
  if (base.hostname !== "127.0.0.1") throw new Error("the fan-out bench only talks to 127.0.0.1");
  const connections = opts.connections ?? 200;
  const rounds = opts.rounds ?? 30;
  const log = opts.log ?? console.log;
  const { deliveryId, cookie } = await seedLiveAccount(opts.databaseUrl);
  let round = -1;
  const streams: Stream[] = [];
  const sql = postgres(opts.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const opening = performance.now();
    // Opened in batches, as tabs are: not 200 TCP handshakes in one burst.
    for (let i = 0; i < connections; i += 20) {
      const batch = Array.from({ length: Math.min(20, connections - i) }, () => openStream(base, cookie, deliveryId, () => round));
      streams.push(...batch);
      await Promise.all(batch.map((s) => s.ready));
    }
    const openMs = Math.round(performance.now() - opening);
    log(`${connections} streams open in ${openMs} ms`);

    const starts: number[] = [];
    const web0 = treeCpuMs(opts.webPid);
    const pg0 = serverCpuMs(opts.postgresPid);
    for (round = 0; round < rounds; round++) {
      const status = round % 2 === 0 ? "failed" : "sent";
      starts[round] = performance.now();
      // The delivery's status moves, as an attempt's record or a receipt moves it: the trigger notifies.
      await sql`update deliveries set status = ${status}, updated_at = now() where id = ${deliveryId}`;
      const until = performance.now() + 5_000;
      while (streams.some((s) => !s.arrivals.has(round)) && performance.now() < until) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, 50));
    }
    const webCpu = treeCpuMs(opts.webPid) - web0;
    const pgCpu = serverCpuMs(opts.postgresPid) - pg0;

    const latencies: number[] = [];
    let missed = 0;
    for (const s of streams) {
      for (let r = 0; r < rounds; r++) {
        const at = s.arrivals.get(r);
        if (at === undefined) missed++;
        else latencies.push(at - starts[r]!);
      }
    }
    const result: FanoutResult = {
      connections,
      rounds,
      openMs,
      latencyMs: summarize(latencies),
      missed,
      webCpuMsPerChange: Math.round((webCpu / rounds) * 100) / 100,
      postgresCpuMsPerChange: Math.round((pgCpu / rounds) * 100) / 100,
      budget: { p95: 500 },
    };
    log(
      `SSE fan-out, ${connections} streams × ${rounds} status changes: p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, ` +
        `p99 ${result.latencyMs.p99} ms, missed ${missed}; CPU per change: web ${result.webCpuMsPerChange} ms, PostgreSQL ${result.postgresCpuMsPerChange} ms`,
    );
    return result;
  } finally {
    for (const s of streams) s.close();
    await sql.end();
  }
}

// ── On its own ───────────────────────────────────────────────────────────────────────────────────────
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { port: { type: "string", default: "3245" }, connections: { type: "string", default: "200" }, rounds: { type: "string", default: "30" } },
  });
  const { migrateDatabase } = await import("@/db/migrate");
  const { createDatabaseFrom, dropDatabasesWithPrefix, startTestServer, withDatabase } = await import("@/tests/pg-server");
  const { benchEnv, postgresServerPid, startServer, stopTree, waitForHttp } = await import("./processes");
  const { newWebhookSecret } = await import("@/lib/delivery/sign");
  const port = Number(values.port);
  const connections = Number(values.connections);
  const pg = await startTestServer();
  const name = `aftercall_sse_${Date.now().toString(36)}`;
  let web: ReturnType<typeof startServer> | undefined;
  const stopAll = async () => {
    stopTree(web);
    await dropDatabasesWithPrefix(pg.adminUrl, name).catch(() => {});
    await pg.stop().catch(() => {});
  };
  const limit = setTimeout(() => {
    console.error("[sse-fanout] 3-minute limit reached: stopping");
    void stopAll().finally(() => process.exit(2));
  }, 180_000);
  try {
    await createDatabaseFrom(pg.adminUrl, name);
    const databaseUrl = withDatabase(pg.adminUrl, name);
    await migrateDatabase(databaseUrl);
    web = startServer(port, { ...benchEnv(port, newWebhookSecret()), DATABASE_URL: databaseUrl, WORKER: "off", LIVE_STREAMS_PER_ACCOUNT: String(connections + 10) }, "web");
    await waitForHttp(`http://127.0.0.1:${port}/api/health`);
    const result = await measureSseFanout({
      base: `http://127.0.0.1:${port}`,
      databaseUrl,
      webPid: web.pid!,
      postgresPid: await postgresServerPid(databaseUrl),
      connections,
      rounds: Number(values.rounds),
    });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    clearTimeout(limit);
    await stopAll();
  }
  process.exit(0);
}
