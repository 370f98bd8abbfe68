import type { FakeResend } from "./resend";
import type { FakeTwilio } from "./twilio";

/** The environment that points the real Twilio and Resend SDKs at the fakes (lib/env.ts names). */
export function fakeProviderEnv(twilio: FakeTwilio, resend: FakeResend) {
  return {
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM_NUMBER: "+61400000001",
    TWILIO_API_BASE_URL: twilio.url,
    RESEND_API_KEY: resend.apiKey,
    RESEND_BASE_URL: resend.url,
  };
}
