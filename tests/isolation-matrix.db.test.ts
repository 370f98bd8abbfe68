import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { createApiKey } from "@/db/queries/api-keys";
import { createConnection } from "@/db/queries/connections";
import { agentNumbers, agents, contacts, memberships, webhookSecrets } from "@/db/schema";
import { encryptSecret } from "@/lib/crypto";
import { newWebhookSecret } from "@/lib/delivery/sign";
import { newId } from "@/lib/ids";
import { accountWithActivity, addMember } from "@/tests/two-accounts";
import { ISOLATION_PAGES } from "@/tests/isolation-pages";

/**
 * Tenant isolation matrix. Every route handler, server action and page is listed below (a test globs
 * app/ and fails when one is missing, so a new one cannot be forgotten). Each that takes an id is
 * called by account B — its owner's session, or its owner API key — with account A's ids, and must be
 * refused (404 for route handlers, an error result for actions) while every row of account A stays
 * exactly as it was. Pages are opened in e2e/isolation.spec.ts.
 *
 * Only the session source and Next's request APIs are replaced (as in the other action tests).
 */
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string } }));
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("@/lib/auth", () => ({
  auth: async () => (session.user ? { user: session.user } : null),
  signIn: async () => {
    throw new Error("signIn is not part of the isolation matrix");
  },
  signOut: async () => {},
  handlers: { GET: async () => new Response(null, { status: 404 }), POST: async () => new Response(null, { status: 404 }) },
}));
// The sign-in action imports AuthError from next-auth, whose entry needs Next's server runtime.
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name) } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
    delete: (name: string) => void jar.delete(name),
  }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const ROOT = path.resolve(import.meta.dirname, "..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

type A = Awaited<ReturnType<typeof setupAccount>>;
let a: A;
let b: A;

/** Account A or B with one of everything an id can point at. */
async function setupAccount(tag: "a" | "b") {
  const base = await accountWithActivity(tag);
  const contactId = newId("ct");
  await db.insert(contacts).values({ id: contactId, accountId: base.accountId, phone: `+6141234${tag === "a" ? "1111" : "2222"}`, name: `Contact ${tag.toUpperCase()}`, saved: true });
  const numberId = newId("num");
  await db.insert(agentNumbers).values({ id: numberId, accountId: base.accountId, e164: `+6129999${tag === "a" ? "1111" : "2222"}` });
  const developer = await addMember(base.accountId, `dev-${tag}@example.test`, "developer");
  const apiKey = await createApiKey(db, base.accountId, { name: `key ${tag}`, role: "owner", createdBy: null, actor: { userId: null, label: "test" } });
  const webhookSecretId = newId("whs");
  const webhookSecret = newWebhookSecret();
  await db.insert(webhookSecrets).values({ id: webhookSecretId, accountId: base.accountId, secretEncrypted: encryptSecret(webhookSecret), lastFour: webhookSecret.slice(-4) });
  const [testDelivery] = await db.execute<{ id: string }>(sql`
    insert into deliveries (id, account_id, call_id, action_id, channel, destination, status, message_id, test)
    values (${newId("dlv")}, ${base.accountId}, null, ${base.actionId}, 'webhook', ${`https://${tag}.example.test/hook`}, 'sent', ${newId("msg")}, true)
    returning id`);
  // A webhook delivery that can be resent (failed), so "resend" is refused for isolation, not for its state.
  const [webhookDelivery] = await db.execute<{ id: string }>(sql`
    insert into deliveries (id, account_id, call_id, action_id, channel, destination, status, message_id, reason)
    values (${newId("dlv")}, ${base.accountId}, ${base.callIds[0]!}, null, 'webhook', ${`https://${tag}.example.test/hook`}, 'failed', ${newId("msg")}, 'http_500')
    returning id`);
  const recoveryId = newId("rcv");
  await db.execute(sql`
    insert into webhook_recoveries (id, account_id, destination, since, delivery_ids, more, actor_label)
    values (${recoveryId}, ${base.accountId}, ${`https://${tag}.example.test/hook`}, now() - interval '1 day', array[${webhookDelivery!.id}], false, 'test')`);
  await db.execute(sql`update calls set recording_url = 'https://rec.example/x.mp3', contact_id = ${contactId} where account_id = ${base.accountId}`);
  const agentId = newId("agt");
  await db.insert(agents).values({ id: agentId, accountId: base.accountId, number: `+6129999${tag === "a" ? "1111" : "2222"}`, name: `Agent ${tag.toUpperCase()}` });
  const connectionSecret = `connection-secret-${tag}-${newId("s")}`;
  const connection = await createConnection(db, base.accountId, { platform: "vapi", name: `Connection ${tag.toUpperCase()}`, secret: connectionSecret }, { userId: null, label: "test" });
  return {
    ...base,
    contactId,
    numberId,
    developer,
    apiKey,
    testDeliveryId: testDelivery!.id,
    webhookDeliveryId: webhookDelivery!.id,
    recoveryId,
    inviteToken: `token-${tag}`,
    webhookSecretId,
    webhookSecret,
    connectionId: connection.id,
    connectionSecret,
    agentId,
  };
}

/** Every row that belongs to an account, as one comparable string. */
async function snapshot(accountId: string) {
  const tables = ["calls", "contacts", "deliveries", "post_call_actions", "agent_numbers", "memberships", "invitations", "credit_ledger", "webhook_secrets", "api_keys", "audit_log", "outbox", "connections", "agents", "webhook_recoveries"];
  const parts: Record<string, string> = {};
  for (const t of tables) {
    const [row] = await db.execute<{ rows: string }>(
      sql.raw(`select coalesce(string_agg(x::text, E'\\n' order by x::text), '') as rows from ${t} x where account_id = '${accountId}'`),
    );
    parts[t] = row!.rows;
  }
  const [acc] = await db.execute<{ row: string }>(sql`select x::text as row from accounts x where id = ${accountId}`);
  parts.accounts = acc!.row;
  const [attempts] = await db.execute<{ rows: string }>(sql`
    select coalesce(string_agg(x::text, E'\\n' order by x::text), '') as rows from delivery_attempts x
    where delivery_id in (select id from deliveries where account_id = ${accountId})`);
  parts.delivery_attempts = attempts!.rows;
  const [jobs] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job`);
  parts.jobs = String(jobs!.n);
  return parts;
}

// ── the matrix ──────────────────────────────────────────────────────────────────────────────────

type Outcome = { status?: number; ok?: boolean; error?: string; threw?: unknown; data?: unknown };
type Case =
  | {
      /** Called as B with A's ids. */
      foreign: () => Promise<Outcome>;
      /** What B must get: a 404 problem, or an action error (and, optionally, what it must say). */
      expect: { status: 404 | 403 } | { actionError: RegExp } | { allowedButOwnOnly: (out: Outcome) => void };
    }
  | { noId: string };

const api = (method: string, url: string, key: string, body?: unknown) =>
  new Request(`http://localhost:3000${url}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const res = async (p: Promise<Response>): Promise<Outcome> => ({ status: (await p).status });
const act = async (p: Promise<unknown>): Promise<Outcome> => {
  try {
    const r = (await p) as { ok: boolean; error?: string; data?: unknown };
    return r;
  } catch (error) {
    return { threw: error };
  }
};
const mod = <T,>(file: string) => import(/* @vite-ignore */ path.join(ROOT, file)) as Promise<T>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => Promise<any>;
const fn = async (file: string, name: string) => (await mod<Record<string, AnyFn>>(file))[name]!;

const NOT_FOUND = /not found|does not exist|no such|already removed|no recording|unknown|already revoked|already accepted|not a member|no longer|not saved/i;
const NO_ID_ACCOUNT = "acts only on the signed-in member's current account (no id from the caller)";
const NO_ID_KEY = "acts only on the API key's own account (no id from the caller)";

const CONTACT = { name: "Mallory", phone: "0412 000 999", email: "", company: "", notes: "" };

const ROUTES: Record<string, Case> = {
  "app/api/v1/calls/[id]/route.ts GET": {
    foreign: async () => res(fn("app/api/v1/calls/[id]/route.ts", "GET").then((f) => f(api("GET", `/api/v1/calls/${a.callIds[0]}`, b.apiKey.key), ctx({ id: a.callIds[0]! })))),
    expect: { status: 404 },
  },
  "app/api/v1/contacts/[id]/route.ts GET": {
    foreign: async () => res(fn("app/api/v1/contacts/[id]/route.ts", "GET").then((f) => f(api("GET", `/api/v1/contacts/${a.contactId}`, b.apiKey.key), ctx({ id: a.contactId })))),
    expect: { status: 404 },
  },
  "app/api/v1/contacts/[id]/route.ts PATCH": {
    foreign: async () =>
      res(fn("app/api/v1/contacts/[id]/route.ts", "PATCH").then((f) => f(api("PATCH", `/api/v1/contacts/${a.contactId}`, b.apiKey.key, { name: "Mallory" }), ctx({ id: a.contactId })))),
    expect: { status: 404 },
  },
  "app/api/v1/contacts/[id]/route.ts DELETE": {
    foreign: async () => res(fn("app/api/v1/contacts/[id]/route.ts", "DELETE").then((f) => f(api("DELETE", `/api/v1/contacts/${a.contactId}`, b.apiKey.key), ctx({ id: a.contactId })))),
    expect: { status: 404 },
  },
  "app/api/v1/webhook-deliveries/[id]/resend/route.ts POST": {
    foreign: async () =>
      res(fn("app/api/v1/webhook-deliveries/[id]/resend/route.ts", "POST").then((f) => f(api("POST", `/api/v1/webhook-deliveries/${a.webhookDeliveryId}/resend`, b.apiKey.key), ctx({ id: a.webhookDeliveryId })))),
    expect: { status: 404 },
  },
  "app/api/v1/webhook-deliveries/recover/route.ts POST": {
    // The endpoint is named by URL: A's URL is no endpoint of B's.
    foreign: async () =>
      res(fn("app/api/v1/webhook-deliveries/recover/route.ts", "POST").then((f) => f(api("POST", "/api/v1/webhook-deliveries/recover", b.apiKey.key, { since: new Date(Date.now() - 3600_000).toISOString(), to: "https://a.example.test/hook" }), undefined))),
    expect: { status: 404 },
  },
  "app/api/v1/webhook-deliveries/recover/[id]/route.ts GET": {
    foreign: async () => res(fn("app/api/v1/webhook-deliveries/recover/[id]/route.ts", "GET").then((f) => f(api("GET", `/api/v1/webhook-deliveries/recover/${a.recoveryId}`, b.apiKey.key), ctx({ id: a.recoveryId })))),
    expect: { status: 404 },
  },
  "app/api/v1/post-call-actions/route.ts PUT": {
    // Ids inside the body: A's action id in B's list must create B's own action, never touch A's.
    foreign: async () => {
      const f = await fn("app/api/v1/post-call-actions/route.ts", "PUT");
      const r = await f(api("PUT", "/api/v1/post-call-actions", b.apiKey.key, { version: 0, actions: [{ id: a.actionId, channel: "webhook", to: "https://mallory.example/hook" }] }), undefined);
      return { status: r.status, data: await r.json() };
    },
    expect: {
      allowedButOwnOnly: (out) => {
        const ids = ((out.data as { actions?: { id: string }[] }).actions ?? []).map((x) => x.id);
        expect(ids).not.toContain(a.actionId);
      },
    },
  },
  "app/api/v1/connections/[id]/route.ts DELETE": {
    foreign: async () => res(fn("app/api/v1/connections/[id]/route.ts", "DELETE").then((f) => f(api("DELETE", `/api/v1/connections/${a.connectionId}`, b.apiKey.key), ctx({ id: a.connectionId })))),
    expect: { status: 404 },
  },
  "app/api/v1/agents/[id]/route.ts PATCH": {
    foreign: async () => res(fn("app/api/v1/agents/[id]/route.ts", "PATCH").then((f) => f(api("PATCH", `/api/v1/agents/${a.agentId}`, b.apiKey.key, { name: "Mallory" }), ctx({ id: a.agentId })))),
    expect: { status: 404 },
  },
  "app/api/v1/agents/route.ts GET": { noId: NO_ID_KEY },
  "app/api/v1/connections/route.ts GET": { noId: NO_ID_KEY },
  "app/api/v1/connections/route.ts POST": { noId: NO_ID_KEY },
  "app/api/v1/post-call-actions/route.ts GET": { noId: NO_ID_KEY },
  "app/api/dashboard/calls/[id]/deliveries/route.ts GET": {
    foreign: async () =>
      res(
        fn("app/api/dashboard/calls/[id]/deliveries/route.ts", "GET").then((f) =>
          f(new Request(`http://localhost:3000/api/dashboard/calls/${a.callIds[0]}/deliveries`), ctx({ id: a.callIds[0]! })),
        ),
      ),
    expect: { status: 404 },
  },
  "app/api/dashboard/calls/route.ts GET": { noId: NO_ID_ACCOUNT },
  "app/api/dashboard/email-preview/route.ts GET": { noId: `${NO_ID_ACCOUNT}; renders a sample call, never a stored one` },
  "app/api/dashboard/webhook-deliveries/route.ts GET": { noId: `${NO_ID_ACCOUNT}; an endpoint URL only narrows the account's own log` },
  "app/api/dashboard/events/route.ts GET": { noId: `${NO_ID_ACCOUNT}; the fan-out's scoping is checked in lib/live/hub.db.test.ts` },
  "app/api/v1/calls/route.ts GET": { noId: `${NO_ID_KEY}; the cursor is checked in db/queries/scoping.db.test.ts` },
  "app/api/v1/contacts/route.ts GET": { noId: NO_ID_KEY },
  "app/api/v1/contacts/route.ts POST": { noId: NO_ID_KEY },
  "app/api/v1/webhook-deliveries/route.ts GET": { noId: NO_ID_KEY },
  "app/api/v1/webhook-secret/route.ts GET": { noId: NO_ID_KEY },
  "app/api/v1/webhook-test/route.ts POST": { noId: NO_ID_KEY },
  "app/api/v1/call-events/route.ts POST": { noId: "signed by the platform; routed by the agent number, never by an id from the body (tests/bad-input.db.test.ts)" },
  "app/api/v1/twilio/voice-status/route.ts POST": { noId: "signed by Twilio; routed by the agent number" },
  "app/api/v1/twilio/message-status/route.ts POST": { noId: "signed by Twilio; the MessageSid our own send stored decides the delivery (and so the account); 204 whatever it names" },
  "app/api/v1/resend/events/route.ts POST": { noId: "signed by Resend (Svix, RESEND_WEBHOOK_SECRET); the email id our own send stored decides the delivery; 204 whatever it names" },
  "app/api/v1/inbound/[connectionId]/route.ts POST": {
    noId: "signed by the platform with that connection's own secret, which decides the account; no session or key (app/api/v1/inbound/[connectionId]/route.db.test.ts)",
  },
  "app/api/v1/openapi.json/route.ts GET": { noId: "public document, no account data" },
  "app/api/v1/schemas/call.ended.json/route.ts GET": { noId: "public document, no account data" },
  "app/api/health/route.ts GET": { noId: "no account data" },
  "app/api/auth/[...nextauth]/route.ts GET": { noId: "Auth.js endpoints: no account ids" },
  "app/api/auth/[...nextauth]/route.ts POST": { noId: "Auth.js endpoints: no account ids" },
  "app/r/[token]/route.ts GET": { noId: "the recording token is an HMAC capability, not an account id (app/r/[token]/route.db.test.ts)" },
  "app/(dashboard)/contacts/export/route.ts GET": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/contacts/import/upload/route.ts POST": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/credits/export/route.ts GET": { noId: NO_ID_ACCOUNT },
};

const ACTIONS: Record<string, Case> = {
  "app/(dashboard)/calls/[id]/actions.ts deleteRecordingAction": {
    foreign: () => act(fn("app/(dashboard)/calls/[id]/actions.ts", "deleteRecordingAction").then((f) => f({ callId: a.callIds[0] }))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/contacts/actions.ts updateContactAction": {
    foreign: () => act(fn("app/(dashboard)/contacts/actions.ts", "updateContactAction").then((f) => f(a.contactId, CONTACT))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/contacts/actions.ts deleteContactAction": {
    foreign: () => act(fn("app/(dashboard)/contacts/actions.ts", "deleteContactAction").then((f) => f(a.contactId))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/contacts/actions.ts saveContactFromCallAction": {
    // A's call id with A's caller number: B may save the number as its own contact, but must not link A's call.
    foreign: () => act(fn("app/(dashboard)/contacts/actions.ts", "saveContactFromCallAction").then((f) => f({ ...CONTACT, phone: "+61412345678", callId: a.callIds[0] }))),
    expect: {
      allowedButOwnOnly: async (out) => {
        if (out.ok) {
          const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from contacts where id = ${(out.data as { id: string }).id} and account_id = ${b.accountId}`);
          expect(row!.n).toBe(1);
        }
      },
    },
  },
  "app/(dashboard)/contacts/actions.ts createContactAction": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/developers/api-keys/actions.ts revokeApiKeyAction": {
    foreign: () => act(fn("app/(dashboard)/developers/api-keys/actions.ts", "revokeApiKeyAction").then((f) => f(a.apiKey.id))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/developers/api-keys/actions.ts createApiKeyAction": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/developers/webhooks/actions.ts revealSecretAction": {
    foreign: () => act(fn("app/(dashboard)/developers/webhooks/actions.ts", "revealSecretAction").then((f) => f(a.webhookSecretId))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/developers/webhooks/actions.ts copySecretAction": {
    foreign: () => act(fn("app/(dashboard)/developers/webhooks/actions.ts", "copySecretAction").then((f) => f(a.webhookSecretId))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/developers/webhooks/actions.ts rotateSecretAction": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/developers/webhooks/actions.ts revokePreviousAction": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/developers/webhooks/actions.ts sendTestEventAction": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/(overview)/actions.ts sendSampleCallAction": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/developers/webhooks/actions.ts recoverFailedAction": {
    foreign: () => act(fn("app/(dashboard)/developers/webhooks/actions.ts", "recoverFailedAction").then((f) => f({ since: new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 16), to: "https://a.example.test/hook" }))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/developers/webhooks/actions.ts recoveryProgressAction": {
    foreign: () => act(fn("app/(dashboard)/developers/webhooks/actions.ts", "recoveryProgressAction").then((f) => f(a.recoveryId))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/developers/webhooks/deliveries/actions.ts resendDeliveryAction": {
    foreign: () => act(fn("app/(dashboard)/developers/webhooks/deliveries/actions.ts", "resendDeliveryAction").then((f) => f(a.webhookDeliveryId))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/developers/webhooks/deliveries/actions.ts reenableEndpointAction": {
    foreign: () => act(fn("app/(dashboard)/developers/webhooks/deliveries/actions.ts", "reenableEndpointAction").then((f) => f(a.actionId))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/phone-numbers/actions.ts removeNumberAction": {
    foreign: () => act(fn("app/(dashboard)/settings/phone-numbers/actions.ts", "removeNumberAction").then((f) => f({ id: a.numberId }))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/phone-numbers/actions.ts addNumberAction": {
    // Not an id, but the one cross-account resource: A's agent number cannot be claimed by B.
    foreign: () => act(fn("app/(dashboard)/settings/phone-numbers/actions.ts", "addNumberAction").then((f) => f({ number: "+61299991111", label: "" }))),
    expect: { actionError: /used by another/i },
  },
  "app/(dashboard)/settings/voice-platforms/actions.ts renameConnectionAction": {
    foreign: () => act(fn("app/(dashboard)/settings/voice-platforms/actions.ts", "renameConnectionAction").then((f) => f({ id: a.connectionId, name: "Mallory" }))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/voice-platforms/actions.ts replaceConnectionSecretAction": {
    foreign: () =>
      act(fn("app/(dashboard)/settings/voice-platforms/actions.ts", "replaceConnectionSecretAction").then((f) => f({ id: a.connectionId, secret: "mallory-knows-this-secret" }))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/voice-platforms/actions.ts deleteConnectionAction": {
    foreign: () => act(fn("app/(dashboard)/settings/voice-platforms/actions.ts", "deleteConnectionAction").then((f) => f(a.connectionId))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/voice-platforms/actions.ts createConnectionAction": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/settings/agents/actions.ts renameAgentAction": {
    foreign: () => act(fn("app/(dashboard)/settings/agents/actions.ts", "renameAgentAction").then((f) => f({ id: a.agentId, name: "Mallory" }))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/post-call-actions/actions.ts sendTest": {
    foreign: () => act(fn("app/(dashboard)/settings/post-call-actions/actions.ts", "sendTest").then((f) => f(a.actionId))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/post-call-actions/actions.ts testStatus": {
    foreign: () => act(fn("app/(dashboard)/settings/post-call-actions/actions.ts", "testStatus").then((f) => f(a.testDeliveryId))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/post-call-actions/actions.ts saveActions": {
    foreign: () =>
      act(fn("app/(dashboard)/settings/post-call-actions/actions.ts", "saveActions").then((f) => f({ version: 0, actions: [{ id: a.actionId, channel: "webhook", to: "https://mallory.example/hook" }] }))),
    expect: {
      allowedButOwnOnly: (out) => {
        const ids = (((out.data ?? {}) as { actions?: { id: string }[] }).actions ?? []).map((x) => x.id);
        expect(ids).not.toContain(a.actionId);
      },
    },
  },
  "app/(dashboard)/settings/post-call-actions/actions.ts loadActions": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/settings/team/actions.ts changeMemberRole": {
    foreign: () => act(fn("app/(dashboard)/settings/team/actions.ts", "changeMemberRole").then((f) => f({ userId: a.developer.id, role: "owner" }))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/team/actions.ts removeTeamMember": {
    foreign: () => act(fn("app/(dashboard)/settings/team/actions.ts", "removeTeamMember").then((f) => f({ userId: a.developer.id }))),
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/team/actions.ts withdrawInvitation": {
    foreign: async () => {
      const [inv] = await db.execute<{ id: string }>(sql`select id from invitations where account_id = ${a.accountId} limit 1`);
      return act(fn("app/(dashboard)/settings/team/actions.ts", "withdrawInvitation").then((f) => f({ invitationId: inv!.id })));
    },
    expect: { actionError: NOT_FOUND },
  },
  "app/(dashboard)/settings/team/actions.ts inviteMember": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/settings/team/actions.ts leaveAccount": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/account-actions.ts switchAccount": {
    foreign: async () => {
      const form = new FormData();
      form.set("accountId", a.accountId);
      return act(fn("app/(dashboard)/account-actions.ts", "switchAccount").then((f) => f(form)));
    },
    expect: { status: 403 },
  },
  "app/invite/[token]/actions.ts accept": {
    // A's invitation is for invitee-a@…: B's owner holding the link must not join A.
    foreign: () => act(fn("app/invite/[token]/actions.ts", "accept").then((f) => f(a.inviteToken))),
    expect: { actionError: /This invitation is for/ },
  },
  "app/invite/[token]/actions.ts switchUser": { noId: "signs the current user out; no account data" },
  "app/(dashboard)/settings/actions.ts saveSettings": { noId: NO_ID_ACCOUNT },
  "app/(dashboard)/credits/actions.ts saveThreshold": { noId: NO_ID_ACCOUNT },
  "app/(auth)/login/actions.ts requestMagicLink": { noId: "signed-out sign-in request; no account ids" },
};

// ── discovery: the matrix must name everything in app/ ──────────────────────────────────────────

function filesUnder(dir: string, match: (rel: string) => boolean): string[] {
  return (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
    .map((f) => path.join(dir, f).split(path.sep).join("/"))
    .filter(match)
    .sort();
}

const isServerActionFile = (rel: string) => /\.(ts|tsx)$/.test(rel) && !/\.test\.tsx?$/.test(rel) && /^\s*["']use server["']/.test(readFileSync(path.join(ROOT, rel), "utf8"));

describe("the isolation matrix covers every route, action and page", () => {
  it("every exported HTTP method of every app/**/route.ts is in the matrix, and nothing stale is", async () => {
    const found: string[] = [];
    for (const file of filesUnder("app", (f) => /(^|\/)route\.ts$/.test(f))) {
      const exports = await mod<Record<string, unknown>>(file);
      for (const name of Object.keys(exports)) if (HTTP_METHODS.includes(name)) found.push(`${file} ${name}`);
    }
    expect(found.length).toBeGreaterThan(15);
    expect(found.filter((k) => !(k in ROUTES)), "route handlers missing from ROUTES").toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !found.includes(k)), "stale ROUTES entries").toEqual([]);
  });

  it('every exported function of every "use server" file is in the matrix, and nothing stale is', async () => {
    const found: string[] = [];
    for (const file of filesUnder("app", isServerActionFile)) {
      const exports = await mod<Record<string, unknown>>(file);
      for (const [name, value] of Object.entries(exports)) if (typeof value === "function") found.push(`${file} ${name}`);
    }
    expect(found.length).toBeGreaterThan(20);
    expect(found.filter((k) => !(k in ACTIONS)), "server actions missing from ACTIONS").toEqual([]);
    expect(Object.keys(ACTIONS).filter((k) => !found.includes(k)), "stale ACTIONS entries").toEqual([]);
  });

  it("every page with a dynamic segment is in tests/isolation-pages.ts (opened by e2e/isolation.spec.ts)", () => {
    const pages = filesUnder("app", (f) => /(^|\/)page\.tsx$/.test(f) && /\/\[[^/]+\]\//.test(f));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.filter((p) => !(p in ISOLATION_PAGES)), "pages missing from ISOLATION_PAGES").toEqual([]);
    expect(Object.keys(ISOLATION_PAGES).filter((p) => !pages.includes(p)), "stale ISOLATION_PAGES entries").toEqual([]);
  });
});

// ── the cases ───────────────────────────────────────────────────────────────────────────────────

describe("account B with account A's ids", () => {
  beforeAll(async () => {
    a = await setupAccount("a");
    b = await setupAccount("b");
    // B's owner is also a member of nothing else: switching to A must be refused.
    const [m] = await db.execute<{ n: number }>(sql`select count(*)::int as n from memberships where user_id = ${b.owner.id}`);
    expect(m!.n).toBe(1);
  });
  beforeEach(() => {
    session.user = { id: b.owner.id, email: b.owner.email };
    jar.clear();
  });
  afterAll(() => {
    const n = [...Object.values(ROUTES), ...Object.values(ACTIONS)].filter((c) => "foreign" in c).length;
    console.info(`isolation matrix: ${n} cross-account cases, ${Object.keys(ROUTES).length} route methods, ${Object.keys(ACTIONS).length} actions, ${Object.keys(ISOLATION_PAGES).length} id pages listed`);
  });

  const cases = [...Object.entries(ROUTES), ...Object.entries(ACTIONS)].filter((e): e is [string, Extract<Case, { foreign: unknown }>] => "foreign" in e[1]);

  it.each(cases)("%s", async (_name, c) => {
    const before = await snapshot(a.accountId);
    const out = await c.foreign();
    if ("status" in c.expect) {
      if (out.threw !== undefined) {
        expect((out.threw as { status?: number }).status, String(out.threw)).toBe(c.expect.status);
      } else {
        expect(out.status).toBe(c.expect.status);
      }
    } else if ("actionError" in c.expect) {
      expect(out.threw, String(out.threw)).toBeUndefined();
      expect(out.ok).toBe(false);
      expect(out.error).toMatch(c.expect.actionError);
    } else {
      expect(out.threw, String(out.threw)).toBeUndefined();
      expect(out.status ?? 200).toBeLessThan(500);
      await c.expect.allowedButOwnOnly(out);
    }
    expect(await snapshot(a.accountId)).toEqual(before);
    // And nothing of A's leaked into B's answer.
    const answer = JSON.stringify(out.data ?? out.error ?? "");
    expect(answer).not.toMatch(/Contact A|a call \d|a\.example\.test/);
    expect(answer).not.toContain(a.webhookSecret.slice(6));
    expect(answer).not.toContain(a.connectionSecret);
    expect(answer).not.toContain("Connection A");
  });

  it("the same calls with A's own session/key succeed for the read cases (the matrix is not refusing everything)", async () => {
    const get = await fn("app/api/v1/calls/[id]/route.ts", "GET");
    expect((await get(api("GET", `/api/v1/calls/${a.callIds[0]}`, a.apiKey.key), ctx({ id: a.callIds[0]! }))).status).toBe(200);
    const getContact = await fn("app/api/v1/contacts/[id]/route.ts", "GET");
    expect((await getContact(api("GET", `/api/v1/contacts/${a.contactId}`, a.apiKey.key), ctx({ id: a.contactId }))).status).toBe(200);
    session.user = { id: a.owner.id, email: a.owner.email };
    const status = await fn("app/(dashboard)/settings/post-call-actions/actions.ts", "testStatus");
    expect(await status(a.testDeliveryId)).toMatchObject({ ok: true });
    const [row] = await db.select().from(memberships).where(sql`user_id = ${a.developer.id}`);
    expect(row?.accountId).toBe(a.accountId);
  });
});
