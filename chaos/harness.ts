/**
 * The chaos suite's moving parts: the production server (scripts/server.ts, WORKER=off) and separate worker
 * processes (`scripts/worker.ts`), each in a process group of its own so a SIGKILL hits exactly what
 * we started; a fresh migrated database; call-end events signed with the official `standardwebhooks`
 * package, as the telephony platform signs them. Everything listens on and talks to 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { migrateDatabase } from "@/db/migrate";
import { createDatabaseFrom, withDatabase } from "@/tests/pg-server";

/** Fixed secrets shared by the test process, the web server and the workers (the same key decrypts webhook secrets). */
export const CHAOS_ENV: Record<string, string> = {
  AUTH_SECRET: "chaos-auth-secret-chaos-auth-secret-0123456789",
  APP_ENCRYPTION_KEY: Buffer.alloc(32, 11).toString("base64"),
  TELEPHONY_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 13).toString("base64")}`,
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
  LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? "warn",
};

/** Ports for the web servers: 3309 + n unless CHAOS_PORT_BASE says otherwise. */
export function chaosPort(offset: number): number {
  return Number(process.env.CHAOS_PORT_BASE ?? 3309) + offset;
}

/** Every child's pid goes here too, so the global teardown can reap anything a crashed test file left. */
export const PID_FILE = path.join(process.cwd(), ".data", "chaos-pids.txt");
export const LOG_DIR = path.join(process.cwd(), ".data", "chaos-logs");

const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the group: the process we spawned and anything it spawned
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export type Proc = {
  child: ChildProcess;
  /** The last 20 KB of its stdout and stderr, for failure messages. */
  output: () => string;

  exited: Promise<number | null>;
  kill: (signal?: NodeJS.Signals) => Promise<number | null>;
};

function start(args: string[], env: Record<string, string>, label: string): Proc {
  const child = spawn(process.execPath, args, {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // own process group: killGroup reaches grandchildren, and Ctrl-C of the runner does not race us
  });
  live.add(child);
  mkdirSync(LOG_DIR, { recursive: true });
  if (child.pid) appendFileSync(PID_FILE, `${child.pid}\n`);
  let output = "";
  // The full log too, for reading after a failure: .data/chaos-logs/<label>.log
  const logFile = path.join(LOG_DIR, `${label.replace(/[^a-z0-9]+/gi, "-")}.log`);
  const keep = (d: Buffer) => {
    const text = String(d);
    appendFileSync(logFile, text);
    output = (output + text).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    output: () => `── ${label} ──\n${output}`,
    exited,
    kill: async (signal = "SIGKILL") => {
      killGroup(child, signal);
      return exited;
    },
  };
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The production server (scripts/server.ts, as `npm start` runs it: the lean inbound path in front of
 * Next.js) on the build, WORKER=off: the web tier only. Resolves once /api/health answers 200.
 */
export async function startWeb(opts: { port: number; databaseUrl: string; env?: Record<string, string> }) {
  const url = `http://127.0.0.1:${opts.port}`;
  const proc = start(
    ["--import", "tsx", "scripts/server.ts", "-p", String(opts.port), "-H", "127.0.0.1"],
    { ...CHAOS_ENV, APP_URL: url, DATABASE_URL: opts.databaseUrl, NODE_ENV: "production", WORKER: "off", ...opts.env },
    `web :${opts.port}`,
  );
  try {
    await waitUntil(
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`the web server exited with ${proc.child.exitCode}`);
        const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(3_000) }).catch(() => null);
        return res?.status === 200;
      },
      60_000,
      "the web server",
      250,
    );
  } catch (error) {
    await proc.kill();
    throw new Error(`${(error as Error).message}\n${proc.output()}`);
  }
  return { ...proc, url };
}

/**
 * A worker process: Node itself with tsx's loader running scripts/worker.ts (not `npx tsx`, whose
 * wrappers would take the signal), resolved once it says it is running.
 */
export async function startWorkerProcess(opts: { databaseUrl: string; env?: Record<string, string> }): Promise<Proc> {
  const proc = start(
    ["--import", "tsx", "scripts/worker.ts"],
    { ...CHAOS_ENV, DATABASE_URL: opts.databaseUrl, NODE_ENV: "production", WORKER: "on", ...opts.env },
    "worker",
  );
  try {
    await waitUntil(
      () => {
        if (proc.child.exitCode !== null) throw new Error(`the worker exited with ${proc.child.exitCode}`);
        return proc.output().includes("worker running");
      },
      60_000,
      "the worker to start",
      50,
    );
  } catch (error) {
    await proc.kill();
    throw new Error(`${(error as Error).message}\n${proc.output()}`);
  }
  return proc;
}

/** A new database on the test server, migrated (our tables and pg-boss's). */
export async function freshDatabase(adminUrl: string, prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await createDatabaseFrom(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  await migrateDatabase(url);
  return { name, url };
}

/** A realistic call-end event for `agentNumber`, number `i` of this run. */
export function callEndedBody(agentNumber: string, run: string, i: number): string {
  const ended = new Date(Date.now() - 1_000);
  const started = new Date(ended.getTime() - (60 + (i % 240)) * 1000);
  return JSON.stringify({
    type: "call.ended",
    data: {
      call_id: `CA${run}${String(i).padStart(6, "0")}`,
      to: agentNumber,
      from: `+614${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, "0")}`,
      direction: "inbound",
      status: "completed",
      started_at: started.toISOString(),
      ended_at: ended.toISOString(),
      contact_name: i % 3 === 0 ? null : `Caller ${i}`,
      summary: `Chaos call ${i}: wants an appraisal before listing.`,
      transcript: [
        { role: "agent", text: "Hi, you've reached Demo Realty.", start_ms: 0, end_ms: 2_000 },
        { role: "caller", text: `This is call number ${i}.`, start_ms: 2_400, end_ms: 4_800 },
      ],
      recording_url: i % 2 === 0 ? `https://recordings.example.com/${run}/${i}.mp3` : null,
    },
  });
}

/** A platform event: a fixed webhook-id, signed afresh (new timestamp) each time it is sent, like a real retry. */
export function platformEvent(body: string) {
  const id = `evt_${randomUUID()}`;
  const wh = new Webhook(CHAOS_ENV.TELEPHONY_WEBHOOK_SECRET!);
  return {
    id,
    body,
    headers: () => {
      const now = new Date();
      return {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
        "webhook-signature": wh.sign(id, now, body),
      };
    },
  };
}

export type SendOutcome = {
  /** Every answer in order: HTTP status, or 0 for a request that got no answer. */
  answers: number[];
  /** The final answer's body when it was 200/202. */
  callId: string | null;
  retryAfterMissing: number;
};

/**
 * Sends one event to POST /api/v1/call-events as the platform would: a 503 is retried after its
 * `retry-after` (capped by `maxRetryAfterMs`), anything else is final. Returns every answer it got.
 */
export async function sendEvent(
  baseUrl: string,
  event: ReturnType<typeof platformEvent>,
  opts: { maxAttempts?: number; maxRetryAfterMs?: number } = {},
): Promise<SendOutcome> {
  const out: SendOutcome = { answers: [], callId: null, retryAfterMissing: 0 };
  for (let attempt = 1; attempt <= (opts.maxAttempts ?? 1); attempt++) {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/api/v1/call-events`, {
        method: "POST",
        headers: event.headers(),
        body: event.body,
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      out.answers.push(0);
      await sleep(1_000);
      continue;
    }
    const text = await res.text();
    out.answers.push(res.status);
    if (res.status === 200 || res.status === 202) {
      out.callId = (JSON.parse(text) as { call_id: string }).call_id;
      return out;
    }
    if (res.status !== 503) return out;
    const retryAfter = Number(res.headers.get("retry-after"));
    if (!retryAfter) out.retryAfterMissing++;
    await sleep(Math.min((retryAfter || 1) * 1000, opts.maxRetryAfterMs ?? 5_000));
  }
  return out;
}

/** Runs `fn` over `items` with at most `concurrency` in flight, starting one every `spacingMs` at most. */
export async function paced<T, R>(items: T[], opts: { concurrency: number; spacingMs: number }, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let lastStart = 0;
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      const wait = lastStart + opts.spacingMs - Date.now();
      lastStart = Math.max(Date.now(), lastStart + opts.spacingMs);
      if (wait > 0) await sleep(wait);
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, lane));
  return results;
}

/** One line per scenario with its figures, easy to find in CI output. */
export function report(scenario: string, figures: Record<string, unknown>) {
  const line = `[chaos] ${scenario}: ${JSON.stringify(figures)}`;
  console.log(line);
  mkdirSync(path.join(process.cwd(), ".data"), { recursive: true });
  appendFileSync(path.join(process.cwd(), ".data", "chaos-report.txt"), `${new Date().toISOString()} ${line}\n`);
}
