import { signatureHeaders } from "@/lib/delivery/sign";
import { newId } from "@/lib/ids";
import { callEndedEvent, sampleCall } from "@/lib/sample-calls";

/**
 * One realistic, signed `call.ended` event for the simulator: a sample call (varied names, summaries,
 * statuses, transcripts, some recordings) that ended moments ago, signed exactly as the platform signs.
 */
export function simulatedEvent(opts: { to: string; index: number; seed: number; secret: string; now?: Date }) {
  const now = opts.now ?? new Date();
  // Ended just now: the simulator sends each event as its call ends, so /calls lists them in send order.
  const call = sampleCall({ agentNumber: opts.to, index: opts.index, seed: opts.seed, endedAt: now });
  const body = JSON.stringify(callEndedEvent(call));
  const id = newId("evt");
  return { id, body, headers: { "content-type": "application/json", ...signatureHeaders([opts.secret], id, body, now) } };
}
