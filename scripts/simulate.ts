/**
 * `npm run simulate -- --email <owner> | --agent-number <agent number> [--account acc_…] [--url http://localhost:3000] [--count 1] [--rate 5]`
 * `npm run simulate -- --platform vapi|retell|bland|elevenlabs|synthflow [--connection con_…] [--agent-id <platform agent id>] [--agent-number …]`
 *   (scripts/lib/simulate-platform.ts)
 *
 * Sends realistic signed call-end events to a running Aftercall, the way the telephony platform does,
 * and prints each answer. Signs with TELEPHONY_WEBHOOK_SECRET from the environment or, like the dev
 * server, from .data/secrets.json.
 */
import { parseArgs } from "node:util";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { simulatedEvent } from "./lib/simulated-event";
import { SIMULATE_TARGET_HELP, simulateTarget } from "./lib/simulate-target";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    email: { type: "string" },
    to: { type: "string" },
    // The agent the calls are for (routing by agent): its number (`--to` says the same), or a platform agent id.
    "agent-number": { type: "string" },
    "agent-id": { type: "string" },
    account: { type: "string" },
    count: { type: "string", default: "1" },
    rate: { type: "string", default: "5" },
    platform: { type: "string" },
    connection: { type: "string" },
    secret: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

const USAGE =
  "npm run simulate -- --email <owner email> | --agent-number <agent number> [--account acc_…] [--url http://localhost:3000] [--count 1] [--rate 5]";
if (values.help) {
  console.log(`${USAGE}\n${SIMULATE_TARGET_HELP}`);
  console.log(
    "npm run simulate -- --platform vapi|retell|bland|elevenlabs|synthflow [--connection con_…] [--agent-id <the platform's agent id>] [--agent-number <number>] [--url …] [--count 1]",
  );
  process.exit(0);
}

const env = getEnv();
const base = (values.url ?? env.APP_URL).replace(/\/+$/, "");
const count = Math.max(1, Number.parseInt(values.count!, 10) || 1);
const rate = Math.max(0.1, Number(values.rate) || 5);
const agentNumber = values["agent-number"] ?? values.to;

if (values.platform) {
  // A voice platform's own webhook to a connection's URL (scripts/lib/simulate-platform.ts).
  const { simulatePlatform } = await import("./lib/simulate-platform");
  process.exit(
    await simulatePlatform({ platform: values.platform, connection: values.connection, secret: values.secret, base, count, rate, to: agentNumber, agentId: values["agent-id"] }),
  );
}

let target: Awaited<ReturnType<typeof simulateTarget>>;
try {
  target = await simulateTarget({ ...values, to: agentNumber });
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}

const seed = Date.now() % 1_000_000_007;
const endpoint = `${base}/api/v1/call-events`;

console.log(
  `Sending ${count} call-end event${count === 1 ? "" : "s"} to ${endpoint} for ${target.to}${target.account ? ` (${target.account})` : ""} at ${rate}/s`,
);
let failures = 0;
for (let i = 0; i < count; i++) {
  const event = simulatedEvent({ to: target.to, index: i, seed, secret: env.TELEPHONY_WEBHOOK_SECRET });
  const data = (JSON.parse(event.body) as { data: { status: string; from: string } }).data;
  let line: string;
  try {
    const res = await fetch(endpoint, { method: "POST", headers: event.headers, body: event.body });
    const text = await res.text();
    let answer: { call_id?: string; title?: string; detail?: string; errors?: { field: string; message: string }[] } = {};
    try {
      answer = JSON.parse(text);
    } catch {
      answer = { detail: text.slice(0, 200) };
    }
    if (res.ok) {
      line = `${res.status} ${answer.call_id}  ${data.status} from ${data.from}${res.status === 200 ? " (duplicate)" : ""}`;
    } else {
      failures++;
      const fields = answer.errors?.map((e) => `${e.field} ${e.message}`).join("; ");
      line = `${res.status} ${answer.title ?? ""}: ${answer.detail ?? ""}${fields ? ` [${fields}]` : ""}`;
    }
  } catch (error) {
    failures++;
    line = `could not reach ${endpoint}: ${error instanceof Error ? (error.cause as Error)?.message ?? error.message : String(error)}`;
  }
  console.log(`${String(i + 1).padStart(3)}. ${line}`);
  if (i < count - 1) await new Promise((r) => setTimeout(r, 1000 / rate));
}
process.exit(failures > 0 ? 1 : 0);
