/**
 * `npm run simulate -- --platform vapi|retell|bland|elevenlabs|synthflow [--connection con_…]`: sends
 * that platform's sample end-of-call event, signed its way with the connection's secret, to the
 * connection's inbound URL — what the platform itself would post when a call ends. Retell sends its two
 * events, `call_ended` and then `call_analyzed`, as Retell does. `--agent-id` names the platform agent
 * (assistant) the calls come from, `--agent-number` the number they were made to: try routing by agent.
 */
import { eq } from "drizzle-orm";
import { closeDb, db } from "@/db";
import { connections } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto";
import { isPlatformName } from "@/lib/platforms/registry";
import { signedSampleEvent } from "@/lib/platforms/samples";
import { PLATFORMS, type PlatformName } from "@/lib/platforms/types";
import { resolveDatabase } from "./database";

type Options = { platform: string; connection?: string; secret?: string; base: string; count: number; rate: number; to?: string; agentId?: string };

/** The connection to post to and its secret: the one named, or the only one of that platform. */
async function findConnection(platform: PlatformName, id: string | undefined): Promise<{ id: string; secret: string }> {
  const { url, embedded } = await resolveDatabase(() => {});
  process.env.DATABASE_URL = url;
  try {
    const rows = await db
      .select({ id: connections.id, name: connections.name, platform: connections.platform, secretEncrypted: connections.secretEncrypted })
      .from(connections)
      .where(id ? eq(connections.id, id) : eq(connections.platform, platform));
    if (id && rows.length === 0) throw new Error(`No connection ${id}. Add one under Settings → Voice platforms.`);
    if (rows.length === 0) throw new Error(`No ${platform} connection yet. Add one under Settings → Voice platforms, then run this again.`);
    if (rows.length > 1) {
      const list = rows.map((r) => `  ${r.id}  ${r.name}`).join("\n");
      throw new Error(`Several ${platform} connections; name one with --connection:\n${list}`);
    }
    const row = rows[0]!;
    if (row.platform !== platform) throw new Error(`${row.id} is a ${row.platform} connection, not ${platform}.`);
    return { id: row.id, secret: decryptSecret(row.secretEncrypted) };
  } finally {
    await closeDb();
    await embedded?.stop();
  }
}

async function send(url: string, request: { headers: Record<string, string>; body: string }): Promise<string> {
  try {
    const res = await fetch(url, { method: "POST", headers: request.headers, body: request.body });
    const text = await res.text();
    let answer: { call_id?: string; ignored?: string; title?: string; detail?: string; errors?: { field: string; message: string }[] } = {};
    try {
      answer = JSON.parse(text);
    } catch {
      answer = { detail: text.slice(0, 200) };
    }
    if (res.ok) return `${res.status} ${answer.call_id ?? `ignored ${answer.ignored}`}${res.status === 200 && answer.call_id ? " (updated)" : ""}`;
    const fields = answer.errors?.map((e) => `${e.field} ${e.message}`).join("; ");
    return `${res.status} ${answer.title ?? ""}: ${answer.detail ?? ""}${fields ? ` [${fields}]` : ""}`;
  } catch (error) {
    return `could not reach ${url}: ${error instanceof Error ? ((error.cause as Error)?.message ?? error.message) : String(error)}`;
  }
}

export async function simulatePlatform(opts: Options): Promise<number> {
  if (!isPlatformName(opts.platform)) {
    console.error(`--platform must be one of ${PLATFORMS.join(", ")}.`);
    return 2;
  }
  const platform = opts.platform;
  let connection: { id: string; secret: string };
  if (opts.connection && opts.secret) connection = { id: opts.connection, secret: opts.secret };
  else {
    try {
      connection = await findConnection(platform, opts.connection);
    } catch (error) {
      console.error((error as Error).message);
      return 1;
    }
  }
  const url = `${opts.base}/api/v1/inbound/${connection.id}`;
  const about = [opts.agentId ? `agent ${opts.agentId}` : "", opts.to ? `number ${opts.to}` : ""].filter(Boolean).join(", ");
  console.log(`Sending ${opts.count} ${platform} end-of-call event${opts.count === 1 ? "" : "s"} to ${url}${about ? ` for ${about}` : ""}`);
  let failures = 0;
  for (let i = 0; i < opts.count; i++) {
    // Each sample gets a fresh platform call id; Retell's second event reuses the first one's.
    const base = { secret: connection.secret, agentNumber: opts.to, agentId: opts.agentId };
    const stages = platform === "retell" ? (["call_ended", "call_analyzed"] as const) : ([undefined] as const);
    let id: string | undefined;
    for (const stage of stages) {
      const request = signedSampleEvent(platform, { ...base, externalId: id, stage, now: Date.now() });
      id ??= callIdOf(platform, request.body);
      const line = await send(url, request);
      if (!/^2\d\d /.test(line)) failures++;
      console.log(`${String(i + 1).padStart(3)}. ${stage ? `${stage.padEnd(13)} ` : ""}${line}`);
      if (stage === "call_ended") await new Promise((r) => setTimeout(r, 1000));
    }
    if (i < opts.count - 1) await new Promise((r) => setTimeout(r, 1000 / opts.rate));
  }
  return failures > 0 ? 1 : 0;
}

/** The platform call id a sample carries, so Retell's second event is about the same call. */
function callIdOf(platform: PlatformName, body: string): string | undefined {
  const json = JSON.parse(body) as { call?: { call_id?: string } };
  return platform === "retell" ? json.call?.call_id : undefined;
}
