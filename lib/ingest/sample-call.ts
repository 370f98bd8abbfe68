import type { Db } from "@/db";
import { listAgentNumbers } from "@/db/queries/agent-numbers";
import { audit, type Actor } from "@/lib/audit";
import { assertTestSendAllowed } from "@/lib/delivery/test-send";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { callEndedEvent, sampleCall, type SampleCall } from "@/lib/sample-calls";
import { callEndedDataSchema } from "./event-schema";
import { ingestCall, type IngestResult } from "./ingest-call";

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
export async function sendSampleCall(db: Db, accountId: string, actor: Actor): Promise<IngestResult> {
  const [number] = await listAgentNumbers(db, accountId);
  if (!number) {
    throw AppError.unprocessable("Register your agent's number first (Settings → Phone numbers): the sample call is addressed to it.");
  }
  await assertTestSendAllowed(accountId);
  const event = callEndedEvent(completedSampleCall(number.e164, Date.now() % 1_000_000_007));
  const data = callEndedDataSchema.parse(event.data);
  const result = await ingestCall(db, { eventId: newId("evt"), data }, "data.to", { sample: true });
  await audit(db, { accountId, actor, action: "call.sample_sent", target: result.callId, meta: { deliveries: result.deliveryIds.length } });
  return result;
}
