import { db } from "@/db";
import { smsInFlight, smsMessageIdsTaken } from "@/db/queries/delivery-lifecycle";
import type { AttemptFailure } from "./attempt-outcome";
import { findSentSms, smsTransport } from "./sms";

const POLL_MS = 200;

/**
 * Recovering an SMS whose attempt's outcome was lost (the worker died, or Twilio never answered): the
 * message Twilio has for it, if any — one with this text to this number since (about) the attempt
 * began that no other delivery holds. `{ sid: undefined }` means Twilio has none and sending is safe;
 * a failure means Twilio could not say. The caller records a found message with `found`, which
 * refuses it if another delivery recorded it meanwhile (db/queries/delivery-lifecycle.ts).
 *
 * Another delivery may be sending the same text to the same number at that moment. Its message can be
 * in Twilio's list before that delivery records it, and taking it would leave this delivery marked
 * sent with nothing sent for it. So before a candidate is taken, the other SMS to this number in
 * flight when Twilio answered are waited for: marked just before their send (a send's own time, kept
 * in `updated_at`: the mark itself may be an older attempt's), not yet recorded. Each is waited for
 * until it is recorded or past the time it could still be: Twilio's timeout and the time to record
 * the answer; a sender slower than that (a database stalled for longer) could still see its message
 * taken. Such a wait is rare — a lost outcome and a same-number send at once — and holds this job for
 * at most that long.
 */
export async function recoverLostSms(d: { id: string; destination: string }, text: string, since: Date): Promise<{ sid: string | undefined } | AttemptFailure> {
  const found = await findSentSms({ to: d.destination, text, since });
  if ("outcome" in found) return found;
  const unclaimed = async () => {
    const taken = await smsMessageIdsTaken(db, d.destination, found.sids);
    return found.sids.find((s) => !taken.has(s));
  };
  if ((await unclaimed()) === undefined) return { sid: undefined };

  const horizonMs = smsTransport.timeoutMs + smsTransport.recordSlackMs;
  const stillPossible = () => new Date(Date.now() - horizonMs);
  const deadline = Date.now() + horizonMs;
  let inFlight = await smsInFlight(db, { destination: d.destination, except: d.id, since: stillPossible() });
  while (inFlight.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    inFlight = await smsInFlight(db, { destination: d.destination, except: d.id, since: stillPossible(), among: inFlight });
  }
  return { sid: await unclaimed() };
}
