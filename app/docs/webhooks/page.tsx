import type { Metadata } from "next";
import Link from "next/link";
import { CodeBlock } from "@/components/code-block";
import { Logo } from "@/components/logo";
import { CHANNEL_LABEL, CREDITS_PER_MESSAGE, formatCredits } from "@/lib/pricing";
import {
  ACTIONS_WAIT_SECONDS,
  ATTEMPTS,
  FAILING_DISABLE_DAYS,
  humanDuration,
  READ_KIB,
  RETRY_AFTER_CAP_HOURS,
  RETRY_SECONDS,
  ROTATION_GRACE_HOURS,
  STORED_KIB,
  TIMEOUT_SECONDS,
  TOTAL_HOURS,
  USER_AGENT,
} from "./facts";
import { RECOVER_MAX, RECOVER_RATE_LIMIT, RECOVER_WINDOW_DAYS } from "@/lib/delivery/recovery-input";
import { code, Section } from "./section";
import { AgentsSection } from "./agents-section";
import { VoicePlatformsSection } from "./voice-platforms-section";
import { GUIDE_EXAMPLE } from "./example";
import { TEMPLATE_VARIABLE_HINT, TEMPLATE_VARIABLES } from "@/lib/messages/template";
import { MAX_WEBHOOK_HEADERS } from "@/lib/post-call-actions/headers";
import { EXPRESS_SNIPPET, NODE_SNIPPET, PYTHON_RAW_SNIPPET, PYTHON_SNIPPET, RAW_HMAC_SNIPPET } from "./snippets";

export const metadata: Metadata = {
  title: "Webhook Integration Guide",
  description: "Receive Aftercall's signed call.ended webhooks: headers, payload, retries and signature verification.",
};

const example = GUIDE_EXAMPLE;

const FIELDS: [string, string][] = [
  ["type", "Always call.ended."],
  ["api_version", `The payload version (${example.api_version}). New optional fields may appear without a new version: ignore what you don't know.`],
  ["timestamp", "When the payload was built (ISO 8601, UTC)."],
  ["test", "true for test events from the dashboard or POST /api/v1/webhook-test. Don't act on them."],
  ["data.call.id", "Aftercall's id for the call (call_…). The call page is /calls/<id>."],
  ["data.call.external_id", "Your telephony platform's call id."],
  ["data.call.direction", "inbound or outbound."],
  ["data.call.status", "completed, no-answer, busy, failed or canceled."],
  ["data.call.from / to", "E.164 numbers; from is \"anonymous\" when the caller hid their number; null when a voice platform sent no number (a web call)."],
  ["data.call.contact.name", "The caller's name: your saved contact's name, else the name heard on the call, else null."],
  ["data.call.contact.saved", "true when the name comes from your saved contacts."],
  ["data.call.contact.phone", "The caller's number (null when anonymous)."],
  ["data.call.contact.phone_type", "mobile, landline, voip or unknown: from Twilio Lookup where Aftercall is set up with Twilio, otherwise from the number's numbering-plan metadata."],
  ["data.call.started_at / ended_at", "Call start and end time (ISO 8601, UTC)."],
  ["data.call.duration_seconds", "Whole seconds between start and end."],
  ["data.call.summary", "The conversation summary, or null."],
  ["data.call.transcript[]", "Turns with role (agent | caller), text, and start_ms / end_ms offsets from the start of the call in milliseconds (null when the platform gives no times)."],
  ["data.call.transcript_text", "The transcript as plain text, one line per turn."],
  ["data.call.recording_url", "An Aftercall link (/r/…) that redirects to the recording while it exists (kept up to 6 months); null when none."],
  ["data.call.platform", "For calls from a voice platform connection: name (vapi, retell, bland, elevenlabs or synthflow), connection_id (con_…, null once deleted) and agent_id (the platform's agent or assistant id). null otherwise."],
  ["data.call.analysis", "The platform's own post-call analysis as it sent it, under its own keys (structured data, success evaluation, sentiment, custom fields). null when there is none."],
  ["data.actions[]", "The call's SMS and email actions as they stood when the webhook was built: id (the post-call action's act_… id), channel, to, status (pending | sent | failed | skipped; rarely already delivered, undelivered, bounced, delayed or complained when a receipt came first), credits, error."],
];


export default function WebhookGuidePage() {
  return (
    <div className="min-h-dvh">
      <header className="border-b bg-card">
        <div className="mx-auto flex h-14 max-w-4xl items-center justify-between px-4">
          <Link href="/" aria-label="Aftercall home">
            <Logo />
          </Link>
          <Link href="/developers/webhooks" className="text-sm font-medium text-primary underline underline-offset-4">
            Developer Tools
          </Link>
        </div>
      </header>
      <main className="mx-auto grid max-w-4xl gap-12 px-4 py-10">
        <div>
          <p className="text-sm font-medium text-primary">Integration guide</p>
          <h1 className="mt-1 text-3xl font-semibold tracking-tight">Webhooks</h1>
          <p className="mt-3 max-w-2xl text-muted-foreground">
            Webhook post-call messages deliver a complete JSON payload to your endpoint once a call ends: everything in the
            email, plus the call status, start and end times, the results of your other post-call actions, and the
            timestamped conversation. Webhooks are {formatCredits(CREDITS_PER_MESSAGE.webhook).toLowerCase()} (an{" "}
            {CHANNEL_LABEL.sms} costs {formatCredits(CREDITS_PER_MESSAGE.sms)}, an {CHANNEL_LABEL.email.toLowerCase()}{" "}
            {formatCredits(CREDITS_PER_MESSAGE.email)}).
          </p>
          <nav aria-label="On this page" className="mt-6 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {[
              ["quick-start", "Quick start"],
              ["voice-platforms", "Voice platforms"],
              ["agents", "Agents and routing"],
              ["headers", "Headers"],
              ["payload", "Payload"],
              ["verify", "Verify signatures"],
              ["retries", "Retries"],
              ["recovery", "After an outage"],
              ["idempotency", "Idempotency"],
              ["rotation", "Secret rotation"],
              ["testing", "Test events"],
              ["network", "Network and safety"],
            ].map(([id, label]) => (
              <a key={id} href={`#${id}`} className="text-primary underline underline-offset-4">
                {label}
              </a>
            ))}
          </nav>
        </div>

        <Section id="quick-start" title="Quick start">
          <ol className="grid list-decimal gap-2 pl-5">
            <li>
              Add a <strong>Webhook</strong> action under <Link className="text-primary underline underline-offset-4" href="/settings/post-call-actions">Post-call actions</Link> with your https endpoint.
            </li>
            <li>
              Copy the signing secret (<code className={code}>whsec_…</code>) from{" "}
              <Link className="text-primary underline underline-offset-4" href="/developers/webhooks">Developer Tools → Webhooks</Link>.
            </li>
            <li>Verify every request with the code below, store its <code className={code}>webhook-id</code>, answer 2xx within {TIMEOUT_SECONDS} seconds, then do your work.</li>
            <li>Press <strong>Send test event</strong> and watch the attempt in the delivery log.</li>
          </ol>
        </Section>

        <VoicePlatformsSection />
        <AgentsSection />

        <Section id="headers" title="Headers">
          <p>
            Every request is a <code className={code}>POST</code> with a JSON body, signed per{" "}
            <a className="text-primary underline underline-offset-4" href="https://www.standardwebhooks.com/">Standard Webhooks v1</a>, so the
            official <code className={code}>standardwebhooks</code> and <code className={code}>svix</code> libraries verify it.
          </p>
          <dl className="grid gap-3 rounded-lg border bg-card p-4 text-sm sm:grid-cols-[12rem_1fr]">
            <dt className="font-mono">webhook-id</dt>
            <dd>The message id (<code className={code}>msg_…</code>). The same on every retry and manual resend: use it to drop duplicates.</dd>
            <dt className="font-mono">webhook-timestamp</dt>
            <dd>Unix seconds when this attempt was signed. Reject requests more than 5 minutes from your clock.</dd>
            <dt className="font-mono">webhook-signature</dt>
            <dd>
              <code className={code}>v1,&lt;base64&gt;</code> — HMAC-SHA256 of <code className={code}>{"${id}.${timestamp}.${body}"}</code> with the
              base64-decoded part of your secret after <code className={code}>whsec_</code>. During a rotation there are two entries, separated by a space.
            </dd>
            <dt className="font-mono">content-type</dt>
            <dd>application/json</dd>
            <dt className="font-mono">user-agent</dt>
            <dd>{USER_AGENT}</dd>
          </dl>
        </Section>

        <Section id="custom-headers" title="Your own headers">
          <p>
            A receiver that expects its own key (Zapier, Make, an API gateway) can get it on every request: give the webhook action up to{" "}
            {MAX_WEBHOOK_HEADERS} custom headers, such as <code className={code}>Authorization: Bearer …</code>, under Post-call actions or in the{" "}
            <code className={code}>headers</code> of the action in <code className={code}>PUT /api/v1/post-call-actions</code>. They go with every
            attempt, retry, resend and test event.
          </p>
          <ul className="grid list-disc gap-1 pl-5">
            <li>
              Values are stored encrypted and never shown again: the page and <code className={code}>GET</code> show a mask (
              <code className={code}>{`{"name": "Authorization", "masked": "••••••••1b1c"}`}</code>). Send a header back without a{" "}
              <code className={code}>value</code> to keep the saved one; send a <code className={code}>value</code> to replace it.
            </li>
            <li>
              The headers above are ours and can&apos;t be replaced: <code className={code}>webhook-*</code>, <code className={code}>content-type</code>,{" "}
              <code className={code}>user-agent</code>, as well as <code className={code}>host</code>, <code className={code}>content-length</code> and
              hop-by-hop headers (<code className={code}>connection</code>, <code className={code}>transfer-encoding</code>,{" "}
              <code className={code}>proxy-*</code>, …). Names are RFC 9110 tokens; values are printable ASCII on one line.
            </li>
            <li>Your values are not kept in the delivery log: it shows the headers we sign with, not yours.</li>
          </ul>
        </Section>

        <Section id="payload" title="Payload">
          <p>
            One event type today: <code className={code}>call.ended</code>. The JSON Schema is at{" "}
            <a className="text-primary underline underline-offset-4" href="/api/v1/schemas/call.ended.json">/api/v1/schemas/call.ended.json</a>.
          </p>
          <CodeBlock title="call.ended" language="json" id="payload-example" code={JSON.stringify(example, null, 2)} />
          <dl aria-label="Payload fields" className="divide-y rounded-lg border bg-card text-sm">
            {FIELDS.map(([field, meaning]) => (
              <div key={field} className="grid gap-1 px-4 py-2.5 sm:grid-cols-[15rem_1fr] sm:gap-4">
                <dt className="break-all font-mono text-[13px] font-medium">{field}</dt>
                <dd className="text-foreground/90">{meaning}</dd>
              </div>
            ))}
          </dl>
          <p>
            <code className={code}>data.actions</code> waits for the call&apos;s SMS and email to reach a first outcome, or {ACTIONS_WAIT_SECONDS} seconds,
            so it usually says whether they were sent.
          </p>
          <p id="receipts">
            Whether they then <em>arrived</em> comes later: the carrier&apos;s receipt for an SMS (delivered, or undelivered with the
            carrier&apos;s reason) and the mailbox&apos;s for an email (delivered, bounced, delayed, or marked as spam) usually arrive
            seconds to minutes after the webhook went out. The webhook is not sent again for them: read them from{" "}
            <code className={code}>GET /api/v1/calls/&#123;id&#125;</code> (<code className={code}>actions[].status</code> and{" "}
            <code className={code}>actions[].receipt</code>) or on the call&apos;s page. An undelivered SMS or a bounced email is refunded,
            once, and the refund shows in the credits ledger.
          </p>
        </Section>

        <Section id="verify" title="Verify signatures">
          <p>Verify against the raw body, before parsing it: re-serialised JSON will not match.</p>
          <CodeBlock title="Node.js — standardwebhooks" language="js" id="node" code={NODE_SNIPPET} />
          <CodeBlock title="Node.js — an Express endpoint" language="js" id="express" code={EXPRESS_SNIPPET} />
          <CodeBlock title="Python — standardwebhooks" language="python" id="python" code={PYTHON_SNIPPET} />
          <CodeBlock title="Node.js — raw HMAC, no library" language="js" id="raw-hmac" code={RAW_HMAC_SNIPPET} />
          <CodeBlock title="Python — raw HMAC, no library" language="python" id="python-raw" code={PYTHON_RAW_SNIPPET} />
        </Section>

        <Section id="retries" title="Retries">
          <p>
            A 2xx answer within {TIMEOUT_SECONDS} seconds is a success. Anything else — another status, a redirect, a timeout, a
            network error — is retried, up to {ATTEMPTS} attempts over about {TOTAL_HOURS} hours. Each retry waits about this long after
            the attempt before it failed:
          </p>
          <ol aria-label="Retry schedule" className="flex flex-wrap gap-2 text-sm">
            {RETRY_SECONDS.map((seconds, i) => (
              <li key={i} className="rounded-full border bg-card px-3 py-1">
                attempt {i + 2}: {humanDuration(seconds)}
              </li>
            ))}
          </ol>
          <p>
            The waits are jittered: each is drawn at random between half and one and a half times the delay shown, so endpoints that
            fail together are not all retried at the same moment.
          </p>
          <ul className="grid list-disc gap-1 pl-5">
            <li>
              On <code className={code}>429</code> and <code className={code}>503</code>, a <code className={code}>retry-after</code> (seconds or
              an HTTP date, up to {RETRY_AFTER_CAP_HOURS} hours) replaces the wait; it still counts as one of the attempts.
            </li>
            <li>
              <code className={code}>410 Gone</code> is not retried: it disables the endpoint at once. An endpoint that keeps failing for{" "}
              {FAILING_DISABLE_DAYS} days (no success since its first failure) is disabled too. A disabled endpoint gets no new calls until
              you press <strong>Re-enable</strong> under Developer Tools → Webhooks (or in the delivery log), which shows why and since when
              each endpoint is disabled. Test events never disable an endpoint.
            </li>
            <li>
              After the last attempt the delivery is marked failed and the account owners get an email (not for test events). Resend it
              from the delivery log once you are fixed: it keeps its <code className={code}>webhook-id</code> and body.
            </li>
            <li>
              We follow no redirects (a 3xx counts as a failure) and read at most {READ_KIB} KiB of your answer; the first {STORED_KIB} KiB
              are kept with the attempt in the delivery log.
            </li>
          </ul>
        </Section>

        <Section id="recovery" title="After an outage: endpoint health and resending what failed">
          <p>
            Developer Tools → Webhooks shows each endpoint (each webhook action&apos;s URL) with its success rate, median and 95th-percentile
            response time and the last error over the last 24 hours and 7 days, and a chart of failed attempts per day. Test events count:
            they reach the same endpoint.
          </p>
          <p>
            Once your endpoint is back, <strong>Resend failed</strong> on it queues again every delivery that failed since the time you
            pick — including those skipped while the endpoint was disabled — each with its original{" "}
            <code className={code}>webhook-id</code> and body, so your idempotency check sees the same events. The page counts them as they
            go: queued again, delivered, still failing. The API does the same:
          </p>
          <CodeBlock
            title="Resend what failed to one endpoint since 09:00 UTC"
            language="bash"
            id="recover"
            code={`curl -X POST https://<your Aftercall>/api/v1/webhook-deliveries/recover \\
  -H "authorization: Bearer ak_…" -H "content-type: application/json" \\
  -d '{"since": "2026-11-24T09:00:00Z", "to": "https://example.com/hooks/aftercall"}'`}
          />
          <ul className="grid list-disc gap-1 pl-5">
            <li>
              Without <code className={code}>to</code>, every endpoint. <code className={code}>since</code> is an ISO 8601 time within the
              last {RECOVER_WINDOW_DAYS} days; a later one, an older one or one that is not a date is refused with a problem naming the
              field.
            </li>
            <li>
              One request queues at most {RECOVER_MAX.toLocaleString("en")}, oldest first; <code className={code}>more: true</code> in the
              answer means others remain, and the next request continues. {RECOVER_RATE_LIMIT.limit} requests per{" "}
              {RECOVER_RATE_LIMIT.windowSeconds / 60} minutes per account. A delivery already queued is never queued twice.
            </li>
            <li>
              A disabled endpoint is left out: re-enable it first. Follow a recovery with{" "}
              <code className={code}>GET /api/v1/webhook-deliveries/recover/&#123;id&#125;</code>. Every recovery is in the audit log.
            </li>
          </ul>
        </Section>

        <Section id="idempotency" title="Idempotency">
          <p>
            Delivery is at least once: a retry or a resend carries the same <code className={code}>webhook-id</code>. Store the ids you have
            processed (with a unique constraint) and answer 2xx to a repeat without doing the work again.
          </p>
        </Section>

        <Section id="rotation" title="Secret rotation">
          <p>
            Rotate the secret under Developer Tools → Webhooks. The new secret signs at once; the previous one keeps signing beside it for{" "}
            {ROTATION_GRACE_HOURS} hours (two <code className={code}>v1,</code> entries) or until you press <strong>Revoke previous</strong>.
            Deploy the new secret, then revoke. Rotating again within the window keeps only the newest two: the oldest stops signing at
            once. <code className={code}>GET /api/v1/webhook-secret</code> returns the secrets signing now, for deploy scripts.
          </p>
        </Section>

        <Section id="testing" title="Test events">
          <p>
            <strong>Send test event</strong> under Developer Tools (to every enabled webhook action), <strong>Send test</strong> on one
            webhook action, or <code className={code}>POST /api/v1/webhook-test</code> sends a signed event with{" "}
            <code className={code}>&quot;test&quot;: true</code> through the real pipeline, signed and retried like any other. Its call is
            a sample (<code className={code}>call_sample</code>) and its <code className={code}>data.actions</code> is empty. Test events are
            free, limited to a few a minute, and appear in the delivery log.
          </p>
        </Section>

        <Section id="templates" title="SMS and email templates">
          <p>
            SMS and email actions can carry their own words (<code className={code}>template</code> in the action:{" "}
            <code className={code}>body</code> for an SMS, <code className={code}>subject</code> and <code className={code}>intro</code> for an
            email, whose call details stay below the intro). Empty fields send the standard message. Variables:
          </p>
          <dl className="grid gap-x-3 gap-y-1 rounded-lg border bg-card p-4 text-sm sm:grid-cols-[12rem_1fr]">
            {TEMPLATE_VARIABLES.map((v) => (
              <div key={v} className="contents">
                <dt className="font-mono">{`{{${v}}}`}</dt>
                <dd>{TEMPLATE_VARIABLE_HINT[v]}</dd>
              </div>
            ))}
            <dt className="font-mono">{"{{analysis.<field>}}"}</dt>
            <dd>a field of the voice platform&apos;s post-call analysis (dotted for nested fields)</dd>
          </dl>
          <p>
            An unknown variable or an unbalanced <code className={code}>{"{{"}</code> / <code className={code}>{"}}"}</code> is refused with the
            character it is at; a value the call doesn&apos;t have renders as nothing. An SMS is at most 2 segments: the summary is shortened to
            fit, never your own words, and a template whose own words exceed 2 segments is refused. Values are escaped in the email&apos;s HTML.
          </p>
        </Section>

        <Section id="network" title="Network and safety">
          <ul className="grid list-disc gap-1 pl-5">
            <li>
              Endpoints must be https. We resolve your host and refuse private, loopback, link-local and cloud metadata addresses (a refused
              address fails the delivery at once, without retries).
            </li>
            <li>We connect to the address we checked, so a DNS change between check and connect can&apos;t redirect us inside a network.</li>
            <li>Recording links in payloads are Aftercall links that stop working when a recording is deleted or expires.</li>
          </ul>
        </Section>
      </main>
    </div>
  );
}
