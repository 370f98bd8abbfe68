import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { lookupStateSql, type LookupState } from "@/db/queries/attempt-context";
import { contacts, type PhoneType } from "@/db/schema";
import { twilioApi } from "@/lib/delivery/twilio-client";
import { logger } from "@/lib/logger";

const log = logger("phone-lookup");

/**
 * The caller's phone type from Twilio Lookup (v2, Line Type Intelligence) when Twilio is configured
 * (docs/architecture.md §1); libphonenumber-js's metadata (lib/phone-type.ts) gives the type at ingest and stays when
 * Twilio is not configured or does not answer.
 *
 * Looked up once per caller and account, by the worker, just before the first email or webhook that
 * shows the type (SMS does not), never in the ingest request: a lookup is a paid call to a third party.
 */
export const lookupTransport = { timeoutMs: 3_000 };

/** Twilio's line types → ours. Toll-free, pager, voicemail and the like are none of the three. */
export function phoneTypeFromLineType(type: string | null | undefined): PhoneType {
  switch (type) {
    case "mobile":
      return "mobile";
    case "landline":
      return "landline";
    case "fixedVoip":
    case "nonFixedVoip":
      return "voip";
    default:
      return "unknown";
  }
}

/**
 * Twilio's answer: a phone type, or `unknown` when it answered without one (a number it cannot classify,
 * or refused as invalid: asking again would not change that). Null when there was no answer to keep: not
 * configured, a network error, a timeout, 429 or 5xx.
 */
export async function lookupPhoneType(e164: string): Promise<PhoneType | null> {
  const api = twilioApi(lookupTransport.timeoutMs);
  if (!api) return null;
  try {
    const result = await api.lookups.v2.phoneNumbers(e164).fetch({ fields: "line_type_intelligence" });
    const info = result.lineTypeIntelligence as { type?: string | null; error_code?: number | null } | null;
    return info && !info.error_code ? phoneTypeFromLineType(info.type) : "unknown";
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500 && status !== 429) return "unknown";
    log.warn({ err: (error as Error).message }, "Twilio Lookup failed; keeping the metadata's phone type");
    return null;
  }
}

/** How often a delivery that lost the claim checks whether the winner's answer is in. */
const CLAIM_POLL_MS = 50;

/**
 * Before an email or webhook about a caller: looks the caller's number up (once per caller and account)
 * and stores the answer on the contact (later calls copy it at ingest) and on this call, so the message
 * built next shows it. One delivery claims the lookup; another of the same call (the email and the
 * webhook run at once) waits for its answer rather than going out with a different type. A claim older
 * than a minute is stale (its worker died) and can be taken over; a failed lookup releases it, and
 * "unknown" from Twilio is kept, since asking again would not change it.
 *
 * `known`: the state the caller already read with the call (db/queries/attempt-context.ts), which
 * saves reading it again. Returns the call's phone type when this run looked it up and stored it,
 * "reread" when it waited for another delivery's lookup (the call may have changed), else null.
 */
export async function refineCallerPhoneType(
  db: Db,
  accountId: string,
  callId: string,
  known?: LookupState | null,
): Promise<PhoneType | "reread" | null> {
  if (!twilioApi(lookupTransport.timeoutMs)) return null;
  // Most callers are looked up already: one read settles that, and only the rest try to claim.
  const state = known !== undefined ? known : await lookupState(db, accountId, callId);
  if (!state || state === "done") return null;
  if (state === "in_flight") return waitForClaimedLookup(db, accountId, callId);
  const [claimed] = await db.execute<{ id: string; phone: string }>(sql`
    update contacts c set phone_type_lookup_started_at = now()
      from calls k
     where k.id = ${callId} and k.account_id = ${accountId}
       and c.id = k.contact_id and c.account_id = k.account_id and c.phone_type_checked_at is null
       and (c.phone_type_lookup_started_at is null or c.phone_type_lookup_started_at < now() - interval '1 minute')
    returning c.id, c.phone`);
  if (!claimed) return waitForClaimedLookup(db, accountId, callId); // another delivery claimed it just now
  const answer = await lookupPhoneType(claimed.phone);
  if (!answer) {
    await db.execute(sql`update contacts set phone_type_lookup_started_at = null where id = ${claimed.id}`);
    return null;
  }
  // "unknown" keeps the metadata's type (it may know more), but the number counts as looked up.
  const [stored] = await db.execute<{ phone_type: PhoneType }>(sql`
    with contact as (
      update contacts
         set phone_type = case when ${answer}::phone_type = 'unknown' then phone_type else ${answer}::phone_type end,
             phone_type_checked_at = now(), phone_type_lookup_started_at = null, updated_at = now()
       where id = ${claimed.id}
      returning phone_type
    )
    update calls set phone_type = (select phone_type from contact) where id = ${callId} and account_id = ${accountId}
    returning phone_type`);
  return stored?.phone_type ?? null;
}

/** Where the call's caller stands (db/queries/attempt-context.ts `lookupStateSql`). Null: no contact. */
async function lookupState(db: Db, accountId: string, callId: string): Promise<LookupState | null> {
  const [row] = await db.execute<{ state: LookupState | null }>(sql`
    select ${lookupStateSql} as state
      from contacts join calls k on k.contact_id = ${contacts.id} and k.account_id = ${contacts.accountId}
     where k.id = ${callId} and k.account_id = ${accountId}`);
  return row?.state ?? null;
}

/** Another delivery of this call is looking the caller up: wait for its answer, at most as long as a lookup. */
async function waitForClaimedLookup(db: Db, accountId: string, callId: string): Promise<"reread"> {
  const until = Date.now() + lookupTransport.timeoutMs + 500;
  while ((await lookupState(db, accountId, callId)) === "in_flight" && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
  }
  return "reread";
}
