import type { Db } from "@/db";
import { asc, eq } from "drizzle-orm";
import { listAgentNumbers } from "@/db/queries/agent-numbers";
import { connectionForInbound, type InboundConnection } from "@/db/queries/connections";
import { connections } from "@/db/schema";
import { audit, type Actor } from "@/db/audit";
import { assertTestSendAllowed } from "@/lib/delivery/test-send";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { PlatformCall } from "@/lib/platforms/types";
import { callEndedEvent, sampleCall, type SampleCall } from "@/lib/sample-calls";
import { callEndedDataSchema } from "./event-schema";
import { ingestCall } from "./ingest-call";
import { ingestPlatformCall } from "./ingest-platform-call";

/**
 * A completed sample call to `agentNumber`, ended now: a caller, a summary and a transcript, so every
 * channel has something to say. No recording: the link would lead to a file that does not exist.
 */
export function completedSampleCall(agentNumber: string, seed: number, endedAt = new Date()): SampleCall {
  for (let index = 0; index < 64; index++) {
    const call = sampleCall({ agentNumber, index, seed, endedAt });
    if (call.status === "completed" && call.from !== "anonymous" && call.summary) return { ...call, recordingUrl: null };
  }
  throw new Error("no completed sample call among 64"); // the sample data is 50% completed: unreachable
}

/**
 * "Send a sample call" (the Overview's getting-started checklist): a realistic call-end event for this
 * account's first agent number, validated and stored by the same pipeline as a platform's event. The
 * call is marked `sample`, and its deliveries are `test`: they go out (marked as tests) and cost
 * nothing. It counts against the account's test-send limit.
 */
export async function sendSampleCall(db: Db, accountId: string, actor: Actor): Promise<{ callId: string; deliveryIds: string[] }> {
  const [number] = await listAgentNumbers(db, accountId);
  const connection = number ? null : await firstConnection(db, accountId);
  if (!number && !connection) {
    throw AppError.unprocessable(
      "Connect your voice platform (Settings → Voice platforms) or register your agent's number (Settings → Phone numbers) first: the sample call arrives through it.",
    );
  }
  await assertTestSendAllowed(accountId);
  const seed = Date.now() % 1_000_000_007;
  let result: { callId: string; deliveryIds: string[] };
  if (number) {
    const event = callEndedEvent(completedSampleCall(number.e164, seed));
    const data = callEndedDataSchema.parse(event.data);
    result = await ingestCall(db, { eventId: newId("evt"), data }, "data.to", { sample: true });
  } else {
    // Through the connection, as the platform's own event would arrive (the same statement as §2b).
    const call = completedSampleCall("+61290000000", seed);
    const stored = await ingestPlatformCall(db, connection!, { final: true, call: platformSample(call) }, { sample: true });
    if (!stored) throw AppError.unprocessable("The voice platform connection was deleted meanwhile. Reload the page.");
    result = stored;
  }
  await audit(db, { accountId, actor, action: "call.sample_sent", target: result.callId, meta: { deliveries: result.deliveryIds.length } });
  return result;
}

async function firstConnection(db: Db, accountId: string): Promise<InboundConnection | null> {
  const [row] = await db
    .select({ id: connections.id })
    .from(connections)
    .where(eq(connections.accountId, accountId))
    .orderBy(asc(connections.createdAt))
    .limit(1);
  return row ? connectionForInbound(db, row.id) : null;
}

/** The sample as a platform would send it: no agent number known, an id of the platform's kind. */
function platformSample(call: SampleCall): PlatformCall {
  return {
    externalId: `sample-${newId("s")}`,
    agentId: null,
    direction: "inbound",
    agentNumber: null,
    callerNumber: call.from === "anonymous" ? null : call.from,
    status: call.status,
    startedAt: call.startedAt.toISOString(),
    endedAt: call.endedAt.toISOString(),
    contactName: call.contactName,
    summary: call.summary,
    transcript: call.transcript,
    recordingUrl: null,
    analysis: null,
  };
}
