import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { AdapterAccountType } from "next-auth/adapters";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

// ─── Auth.js tables (names chosen so `accounts` stays free for our workspaces) ───────────────────────

export const users = pgTable("users", {
  id: text("id").primaryKey().$defaultFn(() => crypto.randomUUID()),
  name: text("name"),
  email: text("email").notNull().unique(),
  emailVerified: tstz("email_verified"),
  image: text("image"),
  createdAt: createdAt(),
});

export const oauthAccounts = pgTable(
  "oauth_accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").$type<AdapterAccountType>().notNull(),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    refresh_token: text("refresh_token"),
    access_token: text("access_token"),
    expires_at: integer("expires_at"),
    token_type: text("token_type"),
    scope: text("scope"),
    id_token: text("id_token"),
    session_state: text("session_state"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.providerAccountId] })],
);

export const sessions = pgTable("sessions", {
  sessionToken: text("session_token").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expires: tstz("expires").notNull(),
});

export const verificationTokens = pgTable(
  "verification_tokens",
  {
    identifier: text("identifier").notNull(),
    token: text("token").notNull(),
    expires: tstz("expires").notNull(),
  },
  (t) => [primaryKey({ columns: [t.identifier, t.token] })],
);

// ─── Workspaces ─────────────────────────────────────────────────────────────────────────────────────

export const roleEnum = pgEnum("member_role", ["owner", "developer", "viewer"]);
export type Role = (typeof roleEnum.enumValues)[number];

export const accounts = pgTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    creditBalance: integer("credit_balance").notNull().default(0),
    defaultCountry: text("default_country").notNull().default("AU"),
    timeZone: text("time_zone").notNull().default("Australia/Sydney"),
    recordingRetentionMonths: smallint("recording_retention_months").notNull().default(6),
    lowBalanceThreshold: integer("low_balance_threshold"),
    lowBalanceAlertedAt: tstz("low_balance_alerted_at"),
    /** Bumped on every change to the post-call actions, so a stale form can be refused. */
    actionsVersion: integer("actions_version").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    check("credit_balance_not_negative", sql`${t.creditBalance} >= 0`),
    check("retention_1_to_6", sql`${t.recordingRetentionMonths} between 1 and 6`),
  ],
);

export const memberships = pgTable(
  "memberships",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.accountId] }), index("memberships_account_idx").on(t.accountId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: roleEnum("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: tstz("expires_at").notNull(),
    acceptedAt: tstz("accepted_at"),
    revokedAt: tstz("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_account_idx").on(t.accountId)],
);

/** The platform numbers an account's agents answer on; a call-end event is routed by them. */
export const agentNumbers = pgTable(
  "agent_numbers",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    e164: text("e164").notNull().unique(),
    label: text("label"),
    createdAt: createdAt(),
  },
  (t) => [index("agent_numbers_account_idx").on(t.accountId)],
);

// ─── Contacts ───────────────────────────────────────────────────────────────────────────────────────

export const phoneTypeEnum = pgEnum("phone_type", ["mobile", "landline", "voip", "unknown"]);
export type PhoneType = (typeof phoneTypeEnum.enumValues)[number];

/**
 * The account's address book. Ingest also upserts every caller here with `saved = false` (phone type,
 * last call) so a caller can be saved later; only saved contacts name a caller.
 */
export const contacts = pgTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    phone: text("phone").notNull(),
    name: text("name"),
    email: text("email"),
    company: text("company"),
    notes: text("notes"),
    saved: boolean("saved").notNull().default(false),
    phoneType: phoneTypeEnum("phone_type").notNull().default("unknown"),
    /** When Twilio Lookup answered for this number (lib/phone-lookup.ts); null: metadata only. */
    phoneTypeCheckedAt: tstz("phone_type_checked_at"),
    /** A lookup in flight since then (a claim, so one delivery pays; stale after a minute, e.g. a crash). */
    phoneTypeLookupStartedAt: tstz("phone_type_lookup_started_at"),
    lastCallAt: tstz("last_call_at"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("contacts_account_phone_uq").on(t.accountId, t.phone),
    index("contacts_account_saved_name_idx").on(t.accountId, t.saved, t.name, t.id),
  ],
);

// ─── Post-call actions ──────────────────────────────────────────────────────────────────────────────

export const channelEnum = pgEnum("channel", ["sms", "email", "webhook"]);

export const callStatusEnum = pgEnum("call_status", ["completed", "no-answer", "busy", "failed", "canceled"]);
export type CallStatus = (typeof callStatusEnum.enumValues)[number];

export type StoredTemplate = { body?: string; subject?: string; intro?: string };
export type StoredHeader = { name: string; valueEncrypted: string; masked: string };

export const postCallActions = pgTable(
  "post_call_actions",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /**
     * Slot 0–9. The unique (account, position) index plus the range check is how the database itself
     * enforces "at most 10 actions per account", race or no race.
     */
    position: smallint("position").notNull(),
    channel: channelEnum("channel").notNull(),
    destination: text("destination").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    statuses: callStatusEnum("statuses").array().notNull().default(sql`'{completed}'::call_status[]`),
    minDurationSeconds: integer("min_duration_seconds").notNull().default(0),
    /** Routing: the agents (`agt_…`) whose calls it runs for; empty runs for every call. */
    agentIds: text("agent_ids").array().notNull().default(sql`'{}'::text[]`),
    /** Webhook endpoints only: why deliveries stopped (`gone` after a 410, `failing` after 5 days). */
    disabledReason: text("disabled_reason"),
    disabledAt: tstz("disabled_at"),
    failingSince: tstz("failing_since"),
    /** SMS and email only: the action's own words (`body`; `subject`, `intro`); null sends the standard message. */
    template: jsonb("template").$type<StoredTemplate>(),
    /** Webhooks only: custom headers, each value AES-256-GCM encrypted (lib/crypto.ts) beside its mask. */
    headers: jsonb("headers").$type<StoredHeader[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("post_call_actions_account_position_uq").on(t.accountId, t.position),
    check("post_call_actions_position_range", sql`${t.position} between 0 and 9`),
    check("post_call_actions_min_duration", sql`${t.minDurationSeconds} >= 0`),
  ],
);

// ─── Calls ──────────────────────────────────────────────────────────────────────────────────────────

/** Offsets from the call's start in ms; null where the platform gives none (a voice platform's plain-text transcript). */
export type TranscriptEntry = { role: "agent" | "caller"; text: string; start_ms: number | null; end_ms: number | null };

// ─── Voice platform connections ─────────────────────────────────────────────────────────────────────

export const platformEnum = pgEnum("platform", ["vapi", "retell", "bland", "elevenlabs", "synthflow"]);

/**
 * A voice platform's post-call webhook, taken as the platform sends it (docs/architecture.md, "Voice
 * platforms"): `POST /api/v1/inbound/{id}`. The connection, not the agent number, decides the account.
 */
export const connections = pgTable(
  "connections",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    platform: platformEnum("platform").notNull(),
    name: text("name").notNull(),
    /** The platform's signing secret (Retell: its API key), AES-256-GCM like webhook secrets. */
    secretEncrypted: text("secret_encrypted").notNull(),
    /** How long a two-part platform (Retell) may take to send its analysis before the actions run anyway. */
    waitSeconds: integer("wait_seconds").notNull().default(180),
    /** Requests refused for their signature (counted so the owner sees a misconfigured platform). */
    refusedCount: integer("refused_count").notNull().default(0),
    lastRefusedAt: tstz("last_refused_at"),
    lastRefusedReason: text("last_refused_reason"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("connections_account_idx").on(t.accountId, t.createdAt),
    check("connections_wait_range", sql`${t.waitSeconds} between 0 and 3600`),
  ],
);

/**
 * Who answered a call: an agent number, or a voice platform's agent / assistant id (docs/architecture.md
 * §1, "Agents"). Created by ingest as an agent's first call arrives (and by Settings → Phone numbers), so
 * calls can be filtered and actions routed by agent; `name` is the owner's, null until they give one.
 */
export const agents = pgTable(
  "agents",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name"),
    /** The number it answers on: the agent number itself, or the one first seen on a platform agent's calls. */
    number: text("number"),
    platform: platformEnum("platform"),
    platformAgentId: text("platform_agent_id"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // One agent per number (calls with no platform agent id) and one per platform agent id, per account.
    uniqueIndex("agents_account_number_uq").on(t.accountId, t.number).where(sql`${t.platformAgentId} is null`),
    uniqueIndex("agents_account_platform_agent_uq").on(t.accountId, t.platform, t.platformAgentId).where(sql`${t.platformAgentId} is not null`),
    check("agents_has_key", sql`${t.number} is not null or ${t.platformAgentId} is not null`),
  ],
);

export const calls = pgTable(
  "calls",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The inbound `webhook-id`: a redelivered event finds its call by it. */
    eventId: text("event_id").notNull().unique(),
    /** The platform's call id, unique per agent number (native events) or per connection. */
    externalId: text("external_id").notNull(),
    /** Null when a voice platform sent no number (a web call, Synthflow). */
    agentNumber: text("agent_number"),
    direction: text("direction").$type<"inbound" | "outbound">().notNull(),
    status: callStatusEnum("status").notNull(),
    fromNumber: text("from_number"),
    toNumber: text("to_number"),
    /** The other party (the caller on inbound calls); null when anonymous. */
    callerNumber: text("caller_number"),
    contactId: text("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** The name the agent heard (`contact_name` of the event). */
    contactNameHeard: text("contact_name_heard"),
    phoneType: phoneTypeEnum("phone_type").notNull().default("unknown"),
    startedAt: tstz("started_at").notNull(),
    endedAt: tstz("ended_at").notNull(),
    durationSeconds: integer("duration_seconds").notNull(),
    summary: text("summary"),
    transcript: jsonb("transcript").$type<TranscriptEntry[]>().notNull().default([]),
    recordingUrl: text("recording_url"),
    recordingDeletedAt: tstz("recording_deleted_at"),
    /** Calls from a voice platform connection: which one (null once it is deleted), and the platform's ids. */
    connectionId: text("connection_id").references(() => connections.id, { onDelete: "set null" }),
    platform: platformEnum("platform"),
    platformAgentId: text("platform_agent_id"),
    /** The agent that took the call (null: a platform call with neither an agent id nor a number). */
    agentId: text("agent_id").references(() => agents.id, { onDelete: "set null" }),
    /** The platform's post-call analysis as sent, under its own keys. */
    analysis: jsonb("analysis").$type<Record<string, unknown>>(),
    /**
     * Set while the call's actions wait for the rest of a two-part event (Retell's `call_analyzed`):
     * when the wait runs out, the worker's sweep runs them (lib/ingest/release-actions.ts).
     */
    actionsDueAt: tstz("actions_due_at"),
    /** When the call's deliveries were created (null for native calls, whose actions run on arrival). */
    actionsReleasedAt: tstz("actions_released_at"),
    /** A sample call from the getting-started checklist: its deliveries are `test` and cost nothing. */
    sample: boolean("sample").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("calls_agent_number_external_id_uq")
      .on(t.agentNumber, t.externalId)
      .where(sql`${t.connectionId} is null and ${t.platform} is null`),
    // A platform's redelivery finds its call by (connection, platform call id).
    uniqueIndex("calls_connection_external_id_uq").on(t.connectionId, t.externalId).where(sql`${t.connectionId} is not null`),
    // The connections list shows each one's last event.
    index("calls_connection_created_idx").on(t.connectionId, t.createdAt.desc()).where(sql`${t.connectionId} is not null`),
    index("calls_actions_due_idx").on(t.actionsDueAt).where(sql`${t.actionsDueAt} is not null`),
    index("calls_account_ended_idx").on(t.accountId, t.endedAt.desc(), t.id.desc()),
    index("calls_account_caller_idx").on(t.accountId, t.callerNumber),
    index("calls_contact_idx").on(t.contactId),
    index("calls_agent_ended_idx").on(t.agentId, t.endedAt.desc(), t.id.desc()).where(sql`${t.agentId} is not null`),
  ],
);

// ─── Deliveries ─────────────────────────────────────────────────────────────────────────────────────

export const deliveryStatusEnum = pgEnum("delivery_status", ["pending", "sent", "failed", "skipped"]);
export type DeliveryStatus = (typeof deliveryStatusEnum.enumValues)[number];

/**
 * What the carrier or the mailbox later said about a sent SMS or email (Twilio's status callback,
 * Resend's events). Declared in rank order: a receipt replaces only a lower one, so a late
 * `delayed` never hides `delivered`, and a redelivered receipt changes nothing. SMS use
 * delivered/undelivered, email delayed/delivered/complained/bounced.
 */
export const deliveryReceiptEnum = pgEnum("delivery_receipt", ["delayed", "delivered", "complained", "undelivered", "bounced"]);
export type DeliveryReceipt = (typeof deliveryReceiptEnum.enumValues)[number];

export const deliveries = pgTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** Null for test sends that are not about a stored call. */
    callId: text("call_id").references(() => calls.id, { onDelete: "cascade" }),
    actionId: text("action_id").references(() => postCallActions.id, { onDelete: "set null" }),
    channel: channelEnum("channel").notNull(),
    /** A snapshot of the action's destination when the call arrived. */
    destination: text("destination").notNull(),
    status: deliveryStatusEnum("status").notNull().default("pending"),
    /** Why a delivery is `failed` or `skipped`: insufficient_credits, endpoint_disabled, … */
    reason: text("reason"),
    test: boolean("test").notNull().default(false),
    /** Webhooks: the `webhook-id`, the same on every retry and resend. */
    messageId: text("message_id").notNull(),
    /** Credits charged and not refunded. */
    credits: integer("credits").notNull().default(0),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastLatencyMs: integer("last_latency_ms"),
    /** The provider's id for the message (Twilio SID, Resend id, outbox id). */
    providerMessageId: text("provider_message_id"),
    /**
     * When an SMS attempt whose outcome is not known began: set just before the message goes to Twilio,
     * cleared once an attempt's outcome is recorded. Still set on the next run means the worker died (or
     * Twilio never answered) after handing it over, so Twilio is asked before anything is sent again.
     */
    attemptStartedAt: tstz("attempt_started_at"),
    /** The provider's latest receipt for a sent message (db/queries/delivery-lifecycle.ts, "Receipt recorded"). */
    receipt: deliveryReceiptEnum("receipt"),
    /** The provider's code with it: Twilio's ErrorCode, Resend's bounce type. */
    receiptCode: text("receipt_code"),
    /** The receipt in words, for the call page and the API. */
    receiptDetail: text("receipt_detail"),
    receiptAt: tstz("receipt_at"),
    /**
     * A webhook about a call: how many of the call's SMS and email have yet to reach a first outcome.
     * Its first job is held until this reaches 0 — the statement recording the last of those outcomes
     * starts it — or until the 10 s wait for them runs out (lib/jobs/queue.ts).
     */
    awaitingMessages: integer("awaiting_messages").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
    completedAt: tstz("completed_at"),
  },
  (t) => [
    // One call never runs the same action twice, whatever is retried or redelivered.
    uniqueIndex("deliveries_call_action_uq")
      .on(t.callId, t.actionId)
      .where(sql`${t.callId} is not null and ${t.actionId} is not null and not ${t.test}`),
    index("deliveries_account_created_idx").on(t.accountId, t.createdAt.desc(), t.id.desc()),
    index("deliveries_account_channel_status_idx").on(t.accountId, t.channel, t.status),
    index("deliveries_call_idx").on(t.callId),
    // Recovering an SMS whose attempt's outcome was lost: is the message Twilio has already another delivery's?
    index("deliveries_provider_message_idx").on(t.providerMessageId).where(sql`${t.providerMessageId} is not null`),
    // …and is an SMS to the same number still in flight, whose message that may be? Only marked rows: few.
    index("deliveries_sms_marked_idx").on(t.destination).where(sql`${t.attemptStartedAt} is not null`),
  ],
);

export const attemptOutcomeEnum = pgEnum("attempt_outcome", ["success", "retryable_error", "final_error"]);

export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /**
     * The delivery's action (for webhooks: the endpoint), copied so endpoint health reads one index. No
     * foreign key: deleting an action would scan every attempt, and health only reads live actions.
     */
    actionId: text("action_id"),
    attemptNumber: integer("attempt_number").notNull(),
    startedAt: tstz("started_at").notNull(),
    latencyMs: integer("latency_ms"),
    outcome: attemptOutcomeEnum("outcome").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    requestHeaders: jsonb("request_headers").$type<Record<string, string>>(),
    requestBody: text("request_body"),
    /** First 4 KiB of the response. */
    responseBody: text("response_body"),
  },
  (t) => [
    uniqueIndex("delivery_attempts_delivery_number_uq").on(t.deliveryId, t.attemptNumber),
    // Endpoint health (db/queries/endpoint-health.ts): an index-only range scan of one endpoint's last 7 days.
    index("delivery_attempts_endpoint_health_idx")
      .on(t.accountId, t.actionId, t.startedAt, t.outcome, t.latencyMs)
      .where(sql`${t.actionId} is not null`),
  ],
);

// ─── Credits ────────────────────────────────────────────────────────────────────────────────────────

export const ledgerKindEnum = pgEnum("ledger_kind", ["grant", "charge", "refund"]);

export const creditLedger = pgTable(
  "credit_ledger",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: ledgerKindEnum("kind").notNull(),
    /** Signed: grants and refunds positive, charges negative. */
    amount: integer("amount").notNull(),
    balanceAfter: integer("balance_after").notNull(),
    deliveryId: text("delivery_id").references(() => deliveries.id, { onDelete: "set null" }),
    channel: channelEnum("channel"),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    // A delivery is charged at most once and refunded at most once.
    uniqueIndex("credit_ledger_delivery_kind_uq")
      .on(t.deliveryId, t.kind)
      .where(sql`${t.deliveryId} is not null`),
    index("credit_ledger_account_created_idx").on(t.accountId, t.createdAt.desc(), t.id.desc()),
  ],
);

// ─── Developer Tools ────────────────────────────────────────────────────────────────────────────────

export const webhookSecrets = pgTable(
  "webhook_secrets",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** AES-256-GCM with APP_ENCRYPTION_KEY (lib/crypto.ts). */
    secretEncrypted: text("secret_encrypted").notNull(),
    /** Last four characters, for the masked display. */
    lastFour: text("last_four").notNull(),
    createdAt: createdAt(),
    /** Set when a newer secret replaces this one: it keeps signing until then (24 h grace). */
    expiresAt: tstz("expires_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [index("webhook_secrets_account_idx").on(t.accountId, t.createdAt.desc())],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The first characters of the key, shown in lists. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key, hex. */
    keyHash: text("key_hash").notNull().unique(),
    role: roleEnum("role").notNull().default("developer"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: tstz("last_used_at"),
    revokedAt: tstz("revoked_at"),
  },
  (t) => [index("api_keys_account_idx").on(t.accountId)],
);

/** Messages kept instead of sent when no provider is configured (and magic links before sign-in). */
export const outbox = pgTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    channel: text("channel").$type<"sms" | "email">().notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject"),
    bodyText: text("body_text").notNull(),
    bodyHtml: text("body_html"),
    /** What the message is: magic_link, invitation, delivery, alert. */
    kind: text("kind").notNull(),
    deliveryId: text("delivery_id"),
    /** The delivery attempt that kept it: a worker that dies after the insert keeps the same row on its retry. */
    attemptNumber: integer("attempt_number"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outbox_delivery_attempt_uq").on(t.deliveryId, t.attemptNumber),
    index("outbox_account_created_idx").on(t.accountId, t.createdAt.desc()),
    index("outbox_to_created_idx").on(t.toAddress, t.createdAt.desc()),
  ],
);

/** Append-only (a trigger refuses UPDATE and DELETE; see the migration). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    actorUserId: text("actor_user_id"),
    /** Who, as shown: an email, `api key ak_abc…`, `system`. */
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    target: text("target"),
    meta: jsonb("meta").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_account_created_idx").on(t.accountId, t.createdAt.desc(), t.id.desc())],
);

/**
 * One "resend everything that failed since …" request: which deliveries it queued again, so its
 * progress (queued, delivered, still failing) is read from their statuses.
 */
export const webhookRecoveries = pgTable(
  "webhook_recoveries",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The endpoint URL it was limited to; null: every endpoint. */
    destination: text("destination"),
    since: tstz("since").notNull(),
    deliveryIds: text("delivery_ids").array().notNull(),
    /** More failed deliveries matched than one request queues. */
    more: boolean("more").notNull(),
    actorLabel: text("actor_label").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("webhook_recoveries_account_created_idx").on(t.accountId, t.createdAt.desc())],
);

/** Fixed-window counters, in the database so every web process shares them. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: tstz("window_start").notNull(),
  count: integer("count").notNull(),
});
