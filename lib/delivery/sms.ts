import { db } from "@/db";
import { getEnv } from "@/lib/env";
import { ProviderError } from "./email";
import { writeOutbox } from "./outbox";
import { twilioApi } from "./twilio-client";

/**
 * SMS through Twilio's Messages API with the real `twilio` SDK when TWILIO_ACCOUNT_SID / AUTH_TOKEN /
 * FROM_NUMBER are set, otherwise kept in the outbox (docs/architecture.md §5); TWILIO_API_BASE_URL points the SDK at a
 * fake server in tests (lib/delivery/twilio-client.ts).
 */
export type SmsMessage = { accountId: string; to: string; text: string; deliveryId?: string };
export type SmsSendResult = { via: "twilio" | "outbox"; id: string };

/** Twilio error codes that mean this number will never take the message. */
const INVALID_NUMBER_CODES = new Set([21211, 21214, 21217, 21401, 21407, 21408, 21421, 21612, 21614, 21659]);
const UNSUBSCRIBED_CODES = new Set([21610]);

export class SmsProviderError extends ProviderError {
  constructor(
    message: string,
    retryable: boolean,
    /** Why a final failure is final: invalid_destination, unsubscribed, provider_rejected. */
    public readonly reason: string,
    statusCode?: number,
    responseBody?: string,
  ) {
    super(message, retryable, statusCode, responseBody);
  }
}

/** Request timeout for Twilio (tests shorten it to exercise timeouts quickly). */
export const smsTransport = { timeoutMs: 15_000 };

function twilioClient() {
  return getEnv().TWILIO_FROM_NUMBER ? twilioApi(smsTransport.timeoutMs) : undefined;
}

export function classifyTwilioError(error: unknown): SmsProviderError {
  const e = error as { status?: number; code?: number | string; message?: string; moreInfo?: string };
  if (typeof e?.status === "number") {
    const status = e.status;
    const code = typeof e.code === "number" ? e.code : Number(e.code);
    const body = JSON.stringify({ status, code: e.code ?? null, message: e.message ?? null, more_info: e.moreInfo ?? null });
    const message = `Twilio ${status}${e.code ? ` (${e.code})` : ""}: ${e.message ?? "error"}`;
    if (status >= 500 || status === 429) return new SmsProviderError(message, true, "provider_unavailable", status, body);
    if (INVALID_NUMBER_CODES.has(code)) return new SmsProviderError(message, false, "invalid_destination", status, body);
    if (UNSUBSCRIBED_CODES.has(code)) return new SmsProviderError(message, false, "unsubscribed", status, body);
    return new SmsProviderError(message, false, "provider_rejected", status, body);
  }
  // No HTTP status: a network error or a timeout (axios ECONNREFUSED, ECONNABORTED, ETIMEDOUT, …).
  const code = (error as { code?: string })?.code;
  return new SmsProviderError(`Twilio unreachable: ${code ?? (error as Error)?.message ?? "network error"}`, true, "provider_unavailable");
}

export async function sendSms(message: SmsMessage): Promise<SmsSendResult> {
  const api = twilioClient();
  if (!api) {
    const id = await writeOutbox(db, { ...message, channel: "sms", kind: "delivery" });
    return { via: "outbox", id };
  }
  try {
    const sent = await api.messages.create({ to: message.to, from: getEnv().TWILIO_FROM_NUMBER!, body: message.text });
    return { via: "twilio", id: sent.sid };
  } catch (error) {
    throw classifyTwilioError(error);
  }
}
