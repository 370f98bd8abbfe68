import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

function treePids(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      const out = execFileSync("ps", ["-o", "pid=", "--ppid", String(pids[i])], { encoding: "utf8" });
      pids.push(...out.split("\n").map((s) => Number(s.trim())).filter(Boolean));
    } catch {
      // no children
    }
  }
  return pids;
}

/**
 * CPU time (user + system, ms) a process and its descendants have used. Per request, it is a figure
 * that holds steady when other work shares the cores, unlike throughput and latency.
 */
export function treeCpuMs(pid: number): number {
  return cpuMs(treePids(pid));
}

/** utime + stime (ms) of processes, from /proc; those whose command is not `only` (or that exited) count 0. */
function cpuMs(pids: (number | string)[], only?: string): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      if (only && !stat.includes(`(${only})`)) continue;
      const fields = stat.split(") ")[1]!.split(" ");
      total += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // exited
    }
  }
  return (total * 1000) / ticks;
}

/**
 * CPU time (ms) used so far by every PostgreSQL process on this machine (the server and its backends):
 * the database's side of a load, when nothing else is using it.
 */
export function postgresCpuMs(): number {
  return cpuMs(readdirSync("/proc").filter((entry) => /^\d+$/.test(entry)), "postgres");
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
