import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import type { PhoneType } from "@/db/schema";
import { twilioApi } from "@/lib/delivery/twilio-client";
import { logger } from "@/lib/logger";

const log = logger("phone-lookup");

/**
 * The caller's phone type from Twilio Lookup (v2, Line Type Intelligence) when Twilio is configured
 * (DESIGN §1); libphonenumber-js's metadata (lib/phone-type.ts) gives the type at ingest and stays when
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

/** Null when Twilio did not answer (not configured, an error, a timeout). */
export async function lookupPhoneType(e164: string): Promise<PhoneType | null> {
  const api = twilioApi(lookupTransport.timeoutMs);
  if (!api) return null;
  try {
    const result = await api.lookups.v2.phoneNumbers(e164).fetch({ fields: "line_type_intelligence" });
    const info = result.lineTypeIntelligence as { type?: string | null; error_code?: number | null } | null;
    if (!info || info.error_code) return null;
    return phoneTypeFromLineType(info.type);
  } catch (error) {
    log.warn({ err: (error as Error).message }, "Twilio Lookup failed; keeping the metadata's phone type");
    return null;
  }
}

/**
 * Before the first email or webhook about a caller: looks the caller's number up and stores the answer
 * on the contact (later calls copy it at ingest) and on this call. The contact is claimed first, so an
 * email and a webhook of the same call do not both pay for a lookup; a failed lookup releases the claim
 * and the next call tries again. Returns the looked-up type, or null when nothing changed.
 */
export async function refineCallerPhoneType(db: Db, accountId: string, callId: string): Promise<PhoneType | null> {
  if (!twilioApi(lookupTransport.timeoutMs)) return null;
  const [claimed] = await db.execute<{ id: string; phone: string }>(sql`
    update contacts c set phone_type_checked_at = now()
      from calls k
     where k.id = ${callId} and k.account_id = ${accountId}
       and c.id = k.contact_id and c.account_id = k.account_id and c.phone_type_checked_at is null
    returning c.id, c.phone`);
  if (!claimed) return null;
  const type = await lookupPhoneType(claimed.phone);
  if (!type) {
    await db.execute(sql`update contacts set phone_type_checked_at = null where id = ${claimed.id}`);
    return null;
  }
  await db.execute(sql`
    with contact as (
      update contacts set phone_type = ${type}::phone_type, updated_at = now() where id = ${claimed.id}
    )
    update calls set phone_type = ${type}::phone_type where id = ${callId} and account_id = ${accountId}`);
  return type;
}
