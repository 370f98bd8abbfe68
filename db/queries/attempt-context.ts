import { and, eq, sql, type SQL } from "drizzle-orm";
import { db as appDb, getDb, type Db } from "@/db";
import { accounts, agents, calls, contacts, deliveries, postCallActions, webhookSecrets, type DeliveryReceipt, type DeliveryStatus } from "@/db/schema";
import type { Channel } from "@/lib/pricing";
import { callViewColumns, type CallViewRow } from "./call-view";
import { newestSecretFirst, signsAt } from "./webhook-secrets";

/** Where the call's caller stands with Twilio Lookup: looked up, being looked up by another delivery, or free to claim. */
export type LookupState = "done" | "in_flight" | "claimable";

/**
 * The caller's lookup state from the `contacts` row in the query (lib/phone-lookup.ts): a claim older
 * than a minute is stale (its worker died) and can be taken over.
 */
export const lookupStateSql = sql<LookupState>`case when ${contacts.phoneTypeCheckedAt} is not null then 'done'
  when ${contacts.phoneTypeLookupStartedAt} > now() - interval '1 minute' then 'in_flight'
  else 'claimable' end`;

/** A call's SMS or email delivery as a webhook about the call reports it (lib/jobs/handlers/await-messages.ts). */
export type CallMessage = {
  id: string;
  actionId: string | null;
  channel: Extract<Channel, "sms" | "email">;
  destination: string;
  status: DeliveryStatus;
  credits: number;
  reason: string | null;
  attemptCount: number;
  receipt: DeliveryReceipt | null;
  receiptDetail: string | null;
};

/**
 * A call's SMS and email deliveries as a JSON array, in the order their actions are configured (they
 * share a created_at): a sample call's webhook (a test) reports the sample's test messages, a real
 * call's only real ones. The one definition of that list: the attempt's read below and
 * `callMessageDeliveries` (the delivery log) both use it.
 */
export function callMessagesJson(callId: SQL, accountId: SQL, test: SQL): SQL {
  return sql`coalesce((
    select json_agg(json_build_object(
             'id', m.id, 'actionId', m.action_id, 'channel', m.channel, 'destination', m.destination, 'status', m.status,
             'credits', m.credits, 'reason', m.reason, 'attemptCount', m.attempt_count, 'receipt', m.receipt,
             'receiptDetail', m.receipt_detail)
           order by ma.position asc nulls last, m.created_at asc, m.id asc)
      from deliveries m left join post_call_actions ma on ma.id = m.action_id
     where m.call_id = ${callId} and m.account_id = ${accountId} and m.test = ${test} and m.channel in ('sms', 'email')
  ), '[]'::json)`;
}

/**
 * Everything one attempt of a delivery needs, in ONE round trip: the delivery, its action's endpoint
 * state, template and custom headers (as they stand now: a resend uses the latest), the body its first
 * attempt sent (webhooks resend the same bytes), the call as its message shows it, where the caller's
 * Twilio Lookup stands, and — for a webhook — the call's messages and the account's signing secrets.
 *
 * One read instead of six (delivery, lookup state, call view, messages, secrets, low-balance check): on
 * 2 cores the worker's CPU per delivery goes mostly to round trips — building the query, the socket
 * write, the wake-up — and PostgreSQL's to running many small statements (bench/README.md).
 * Prepared once per database handle, so Drizzle builds its text once.
 */
export async function loadAttemptContext(db: Db, deliveryId: string, at: Date) {
  const [row] = await attemptContextQuery(db).execute({ deliveryId, at: at.toISOString() });
  if (!row) return null;
  const { call, timeZone, contactName, contactSaved, agentName, messages, signingSecrets, ...rest } = row;
  return {
    ...rest,
    /** Null for a delivery about no stored call (a test send), or when the call is gone. */
    callView: call ? ({ call, timeZone: timeZone!, contactName, contactSaved, agentName } satisfies CallViewRow) : null,
    /** The account's time zone, for a test about no stored call (the sample call). */
    accountTimeZone: timeZone,
    /** For a webhook about a call: the call's SMS and email; otherwise empty. */
    messages: messages ?? [],
    /** For a webhook: the account's active signing secrets (encrypted), newest first; null when it has no current one yet. */
    signingSecrets: signingSecrets as { encrypted: string; current: boolean }[] | null,
  };
}

export type AttemptContext = NonNullable<Awaited<ReturnType<typeof loadAttemptContext>>>;

const prepared = new WeakMap<object, ReturnType<typeof buildAttemptContextQuery>>();

function attemptContextQuery(db: Db) {
  // The app's `db` is a proxy over the current handle (db/index.ts): key by the real instance, since
  // tests point the app at a fresh database (a new handle) per file.
  const real = db === appDb ? getDb() : db;
  let query = prepared.get(real);
  if (!query) prepared.set(real, (query = buildAttemptContextQuery(real)));
  return query;
}

function buildAttemptContextQuery(db: Db) {
  const deliveryId = sql.placeholder("deliveryId");
  const at = sql.placeholder("at");
  const webhook = sql`${deliveries.channel} = 'webhook'`;
  return db
    .select({
      d: deliveries,
      endpointDisabledAt: postCallActions.disabledAt,
      template: postCallActions.template,
      headers: postCallActions.headers,
      firstBody: sql<string | null>`(select a.request_body from delivery_attempts a where a.delivery_id = ${deliveries.id} order by a.attempt_number limit 1)`,
      ...callViewColumns,
      lookupState: sql<LookupState | null>`case when ${contacts.id} is null then null else ${lookupStateSql} end`,
      messages: sql<CallMessage[] | null>`case when ${webhook} and ${deliveries.callId} is not null
        then ${callMessagesJson(sql`${deliveries.callId}`, sql`${deliveries.accountId}`, sql`${deliveries.test}`)} end`,
      signingSecrets: sql<unknown>`case when ${webhook} then (
          select json_agg(json_build_object('encrypted', ${webhookSecrets.secretEncrypted}, 'current', ${webhookSecrets.expiresAt} is null)
                          order by ${sql.join(newestSecretFirst, sql`, `)})
            from ${webhookSecrets}
           where ${signsAt(deliveries.accountId, sql`${at}::timestamptz`)}
        ) end`,
    })
    .from(deliveries)
    .leftJoin(postCallActions, eq(postCallActions.id, deliveries.actionId))
    .leftJoin(calls, and(eq(calls.id, deliveries.callId), eq(calls.accountId, deliveries.accountId)))
    .leftJoin(accounts, eq(accounts.id, deliveries.accountId))
    .leftJoin(contacts, and(eq(contacts.id, calls.contactId), eq(contacts.accountId, calls.accountId)))
    .leftJoin(agents, and(eq(agents.id, calls.agentId), eq(agents.accountId, calls.accountId)))
    .where(eq(deliveries.id, deliveryId))
    .prepare("attempt_context");
}
