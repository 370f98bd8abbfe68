/**
 * Open-loop load generator (k6's constant-arrival-rate): requests are sent on a fixed schedule
 * whether or not earlier ones have answered, and latency is measured from the scheduled send time,
 * so a slow server cannot slow the generator down and hide its own queueing (coordinated omission).
 * Runs as its own process: `tsx scripts/bench/load.ts '<json config>'`, prints a JSON result.
 */
import { Pool } from "undici";
import { signatureHeaders } from "@/lib/delivery/sign";
import { signedSampleEvent } from "@/lib/platforms/samples";
import type { PlatformName } from "@/lib/platforms/types";
import { callEndedEvent, sampleCall } from "@/lib/sample-calls";
import { distinctCaller } from "./seed";
import { summarize } from "./stats";

/**
 * `expectStatus`: the one status that counts as success (default: any below 400). `urls`: several web
 * processes of the same app (the design's scale-out); requests take turns, like a round-robin balancer.
 * `platform`: send that voice platform's own signed end-of-call event (lib/platforms/samples.ts) to a
 * connection's URL instead of our call-end event; `secret` is then the connection's. `keepLatencies`:
 * return every latency too, so runs can be pooled.
 */
type Config = {
  url: string;
  urls?: string[];
  secret: string;
  agentNumber: string;
  rate: number;
  seconds: number;
  seedOffset: number;
  connections?: number;
  expectStatus?: number;
  platform?: PlatformName;
  keepLatencies?: boolean;
};
const config = JSON.parse(process.argv[2]!) as Config;

const total = Math.round(config.rate * config.seconds);
const targets = (config.urls ?? [config.url]).map((u) => new URL(u));
// Pre-sign every request so signing costs nothing during the run (timestamps stay well within ±300 s).
const requests = Array.from({ length: total }, (_, i) => {
  const index = config.seedOffset + i;
  if (config.platform) {
    const callerNumber = distinctCaller({ from: "+61400000000" }, index).from;
    return signedSampleEvent(config.platform, { secret: config.secret, externalId: `bench-${config.platform}-${index}`, agentNumber: config.agentNumber, callerNumber });
  }
  const call = distinctCaller(sampleCall({ agentNumber: config.agentNumber, index, seed: 7, endedAt: new Date() }), index);
  const body = JSON.stringify(callEndedEvent({ ...call, callId: `CAbench${index}` }));
  const headers = signatureHeaders([config.secret], `evt_bench_${index}`, body);
  return { body, headers: { "content-type": "application/json", ...headers } };
});

const connections = Math.ceil((config.connections ?? 64) / targets.length);
const pools = targets.map((t) => new Pool(t.origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 }));
const latencies: number[] = [];
const statuses: Record<string, number> = {};
const accepted: Record<string, number> = {}; // call id → epoch ms when the 202 arrived
let errors = 0;
let done = 0;

const started = performance.now();
const startEpoch = Date.now();
await new Promise<void>((resolve) => {
  let sent = 0;
  const tick = () => {
    const elapsed = performance.now() - started;
    const due = Math.min(total, Math.floor((elapsed / 1000) * config.rate) + 1);
    for (; sent < due; sent++) {
      const scheduled = started + (sent / config.rate) * 1000;
      const req = requests[sent]!;
      const target = sent % targets.length;
      pools[target]!
        .request({ method: "POST", path: targets[target]!.pathname, headers: req.headers, body: req.body, headersTimeout: 10_000, bodyTimeout: 10_000 })
        .then(async (res) => {
          const text = await res.body.text();
          const latency = performance.now() - scheduled;
          latencies.push(latency);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (config.expectStatus ? res.statusCode !== config.expectStatus : res.statusCode >= 400) errors++;
          else if (res.statusCode < 300) {
            const id = (JSON.parse(text) as { call_id?: string }).call_id;
            if (id) accepted[id] = startEpoch + (performance.now() - started);
          }
        })
        .catch(() => {
          errors++;
          statuses.network = (statuses.network ?? 0) + 1;
        })
        .finally(() => {
          if (++done === total) resolve();
        });
    }
    if (sent < total) setTimeout(tick, 1);
  };
  tick();
});
const elapsedSeconds = (performance.now() - started) / 1000;
await Promise.all(pools.map((p) => p.close()));

process.stdout.write(
  JSON.stringify({
    target: config.rate,
    sent: total,
    achieved: Math.round((total - errors) / elapsedSeconds),
    errorRate: errors / total,
    statuses,
    latencyMs: summarize(latencies),
    accepted,
    bodyBytes: Math.round(requests.reduce((sum, r) => sum + Buffer.byteLength(r.body), 0) / Math.max(1, total)),
    ...(config.keepLatencies ? { latencies: latencies.map((l) => Math.round(l * 10) / 10) } : {}),
  }),
);
