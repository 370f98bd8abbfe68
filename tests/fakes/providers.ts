import { resetEnvCache } from "@/lib/env";
import { startFakeResend, type FakeResend } from "./resend";
import { startFakeTwilio, type FakeTwilio } from "./twilio";
import { startWebhookReceiver } from "./webhook-receiver";

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

/**
 * Fake Twilio, Resend and a webhook receiver, with the environment pointing the real SDKs at them
 * (re-read by lib/env.ts). For database tests of the worker's deliveries.
 */
export async function startFakeProviders(name: string) {
  const twilio = await startFakeTwilio({ accountSid: `AC${Buffer.from(name).toString("hex").padEnd(32, "0").slice(0, 32)}`, authToken: `fake-${name}-token` });
  const resend = await startFakeResend({ apiKey: `re_${name}` });
  const receiver = await startWebhookReceiver();
  Object.assign(process.env, fakeProviderEnv(twilio, resend));
  resetEnvCache();
  return {
    twilio,
    resend,
    receiver,
    reset: () => [twilio, resend, receiver].forEach((fake) => fake.reset()),
    close: () => Promise.all([twilio.close(), resend.close(), receiver.close()]),
  };
}
