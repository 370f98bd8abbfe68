import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** A process and all its descendants, from one pass over /proc. */
function treePids(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited
    }
  }
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) pids.push(...(children.get(pids[i]!) ?? []));
  return pids;
}

/**
 * CPU time (user + system, ms) a process and its descendants have used. Per request, it is a figure
 * that holds steady when other work shares the cores, unlike throughput and latency.
 */
export function treeCpuMs(pid: number): number {
  return cpuMs(treePids(pid));
}

/**
 * The same, as the kernel's share (stime: system calls — socket reads and writes — and the work the
 * kernel does in them) and the process's own (utime). Which one an optimisation moves tells whether
 * it saved JavaScript or system calls.
 */
export function treeCpuSplitMs(pid: number): { user: number; system: number } {
  const pids = treePids(pid);
  return { user: cpuMs(pids, "user"), system: cpuMs(pids, "system") };
}

/** utime + stime (ms) of processes, from /proc; those that exited count 0. */
function cpuMs(pids: number[], part: "user" | "system" | "both" = "both"): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.split(") ")[1]!.split(" ");
      if (part !== "system") total += Number(fields[11]); // utime
      if (part !== "user") total += Number(fields[12]); // stime
    } catch {
      // exited
    }
  }
  return (total * 1000) / ticks;
}

/**
 * The PostgreSQL server behind `url` (on this machine): its postmaster's pid, the parent of the
 * backend serving our connection. Its tree is that server's processes only, not every PostgreSQL
 * on the machine (which may serve others).
 */
export async function postgresServerPid(url: string): Promise<number> {
  const { default: postgres } = await import("postgres");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const stat = readFileSync(`/proc/${row!.pid}/stat`, "utf8");
    return Number(stat.split(") ")[1]!.split(" ")[1]); // ppid
  } finally {
    await sql.end();
  }
}

/**
 * CPU time (ms) of a server process and its children, including children that have exited since (a
 * PostgreSQL backend whose connection closed): those count in the parent's cutime + cstime.
 */
export function serverCpuMs(pid: number): number {
  let waited = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    waited = ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime, cstime
  } catch {
    // exited
  }
  return treeCpuMs(pid) + waited;
}

/** Resident memory (MiB) of a process and all its descendants, from /proc. */
export function treeRssMiB(pid: number): number {
  const pids = treePids(pid);
  let kib = 0;
  for (const p of pids) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kib += Number(m?.[1] ?? 0);
    } catch {
      // exited
    }
  }
  return Math.round(kib / 1024);
}

/** Samples the peak RSS of named processes until stopped. */
export function rssSampler(procs: Record<string, ChildProcess>) {
  const peak: Record<string, number> = {};
  const timer = setInterval(() => {
    for (const [name, p] of Object.entries(procs)) if (p.pid) peak[name] = Math.max(peak[name] ?? 0, treeRssMiB(p.pid));
  }, 500);
  return { stop: () => (clearInterval(timer), peak) };
}

export function start(cmd: string, args: string[], env: Record<string, string | undefined>, label: string): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stderr?.on("data", (d: Buffer) => {
    const line = d.toString();
    if (/error/i.test(line)) process.stderr.write(`[${label}] ${line}`);
  });
  child.stdout?.resume();
  return child;
}

/**
 * The production server (scripts/server.ts: the lean inbound path in front of Next.js), as `npm start`
 * runs it. Node itself with tsx's loader, so the process measured is the server and nothing else.
 */
export function startServer(port: number, env: Record<string, string | undefined>, label: string): ChildProcess {
  return start(process.execPath, ["--import", "tsx", "scripts/server.ts", "-p", String(port), "-H", "127.0.0.1"], env, label);
}

/** Plain `next start` on the same build: Next.js serving the inbound routes too, for comparison. */
export function startNextOnly(port: number, env: Record<string, string | undefined>, label: string): ChildProcess {
  return start(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], env, label);
}

export function stopTree(child: ChildProcess | undefined) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

export async function waitForHttp(url: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

/** The environment of the bench's web and worker processes: production, quiet logs, a bigger pool. */
export function benchEnv(port: number, telephonySecret: string) {
  return {
    NODE_ENV: "production",
    APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0123456789",
    APP_ENCRYPTION_KEY: Buffer.alloc(32, 11).toString("base64"),
    TELEPHONY_WEBHOOK_SECRET: telephonySecret,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: "true",
    LOG_LEVEL: "error",
    DB_POOL_MAX: "20",
  };
}

export type LoadResult = {
  target: number;
  sent: number;
  achieved: number;
  errorRate: number;
  statuses: Record<string, number>;
  latencyMs: { n: number; p50: number; p95: number; p99: number; max: number };
  /** call id → epoch ms when its 202 arrived */
  accepted: Record<string, number>;
  /** Mean request body size. */
  bodyBytes: number;
  /** Every latency (ms), when asked for with `keepLatencies`. */
  latencies?: number[];
};

/** Runs the open-loop load generator (scripts/bench/load.ts) in its own process and returns its result. */
export function runLoad(config: object): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "scripts/bench/load.ts", JSON.stringify(config)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load generator exited ${code}`))));
  });
}
