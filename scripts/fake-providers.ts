/**
 * `npm run fake-providers -- [--app http://localhost:3000] [--twilio-port 3401] [--resend-port 3402]`
 *
 * Runs the fake Twilio and Resend servers of the tests (tests/fakes/) for a running Aftercall, so
 * delivery receipts can be tried without the real providers: the fake carrier posts signed status
 * callbacks to each SMS's statusCallback (undelivered for numbers whose last five digits are a Twilio
 * carrier error code, e.g. +61400030003 → 30003 unreachable; delivered otherwise), and the fake mailbox
 * posts signed events to <app>/api/v1/resend/events (bounced@… bounces, complained@… is marked as
 * spam, delayed@… is delayed; delivered otherwise). Prints the environment to start the app with.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { startFakeResend } from "@/tests/fakes/resend";
import { startFakeTwilio } from "@/tests/fakes/twilio";

const { values } = parseArgs({
  options: {
    app: { type: "string", default: "http://localhost:3000" },
    "twilio-port": { type: "string", default: "0" },
    "resend-port": { type: "string", default: "0" },
  },
});
const app = values.app!.replace(/\/+$/, "");
const accountSid = `AC${randomBytes(16).toString("hex")}`;
const authToken = randomBytes(16).toString("hex");
const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;

const twilio = await startFakeTwilio({ accountSid, authToken, postReceipts: true, receiptDelayMs: 1_000, port: Number(values["twilio-port"]) });
const resend = await startFakeResend({
  apiKey: `re_${randomBytes(12).toString("hex")}`,
  webhook: { url: `${app}/api/v1/resend/events`, secret: webhookSecret, delayMs: 1_000 },
  port: Number(values["resend-port"]),
});

console.log(`Fake Twilio on ${twilio.url}, fake Resend on ${resend.url}; receipts go to ${app}.
Start Aftercall with (APP_URL must be ${app}: Twilio signs the callback URL):

APP_URL=${app}
TWILIO_ACCOUNT_SID=${accountSid}
TWILIO_AUTH_TOKEN=${authToken}
TWILIO_FROM_NUMBER=+61400000001
TWILIO_API_BASE_URL=${twilio.url}
RESEND_API_KEY=${resend.apiKey}
RESEND_BASE_URL=${resend.url}
RESEND_WEBHOOK_SECRET=${webhookSecret}
`);

// Report what the fakes see, as it happens.
let seen = { sms: 0, receipts: 0, emails: 0, events: 0 };
setInterval(() => {
  for (const m of twilio.messages.slice(seen.sms)) console.log(`SMS to ${m.to} (${m.sid})`);
  for (const r of twilio.receiptPosts.slice(seen.receipts)) console.log(`  receipt ${r.status} for ${r.sid} → HTTP ${r.httpStatus || "no answer"}`);
  for (const e of resend.emails.slice(seen.emails)) {
    console.log(`Email to ${e.to.join(", ")} (${e.id}): ${e.subject}`);
    // Sign-in links go to the fake mailbox too: without this, nobody could sign in.
    const link = /https?:\/\/\S+\/api\/auth\/callback\/\S+/.exec(e.text)?.[0];
    if (link) console.log(`  sign-in link: ${link}`);
  }
  for (const e of resend.eventPosts.slice(seen.events)) console.log(`  event ${e.type} for ${e.emailId} → HTTP ${e.httpStatus || "no answer"}`);
  seen = { sms: twilio.messages.length, receipts: twilio.receiptPosts.length, emails: resend.emails.length, events: resend.eventPosts.length };
}, 250);

const stop = () => void Promise.all([twilio.close(), resend.close()]).then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
