import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { isE164 } from "@/lib/phone";
import type { PlatformTurn, VerifyFailure } from "./types";

/**
 * What the five platform adapters share: signature checks in constant time, unit conversions, and
 * the limits our call model keeps (lib/ingest/event-schema.ts), so a platform's odd value is clamped
 * into range here instead of failing later in the pipeline.
 */

export const fail = (message: string): VerifyFailure => ({ ok: false, message });

/** A header's trimmed value, or null when absent or blank. */
export function header(headers: Pick<Headers, "get">, name: string): string | null {
  const value = headers.get(name)?.trim();
  return value ? value : null;
}

export function hmacSha256(secret: string, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac("sha256", secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

const HEX = /^(?:[0-9a-f]{2})+$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Constant-time check of a hex digest from a header against the expected bytes. */
export function hexDigestMatches(given: string, expected: Buffer): boolean {
  if (!HEX.test(given)) return false;
  return sameBytes(Buffer.from(given, "hex"), expected);
}

/** Constant-time check of a base64 digest from a header against the expected bytes. */
export function base64DigestMatches(given: string, expected: Buffer): boolean {
  if (!BASE64.test(given)) return false;
  return sameBytes(Buffer.from(given, "base64"), expected);
}

/**
 * Constant-time equality of two secrets of any length: both are hashed first, so neither the
 * content nor the length of the expected one leaks through timing (Vapi's plain-secret header).
 */
export function secretMatches(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return expected.length > 0 && timingSafeEqual(digest(given), digest(expected));
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

// --- time ----------------------------------------------------------------------------------------

/** Times outside this window are a platform bug or a unit mix-up, never a real call. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
const plausible = (ms: number) => Number.isFinite(ms) && ms >= EARLIEST && ms < LATEST;

/** An ISO 8601 string (any offset, any fraction digits) → epoch ms, or null. */
export function msFromIso(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return plausible(ms) ? ms : null;
}

/** An epoch number in the platform's unit → epoch ms, or null when absent or implausible. */
export function msFromEpoch(value: number | null | undefined, unit: "s" | "ms"): number | null {
  if (typeof value !== "number") return null;
  const ms = unit === "s" ? value * 1000 : value;
  return plausible(ms) ? Math.round(ms) : null;
}

/** A duration in the platform's unit → ms; null when absent, negative or longer than a day. */
export function durationMs(value: number | string | null | undefined, unit: "s" | "ms" | "min"): number | null {
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) return null;
  const ms = n * (unit === "min" ? 60_000 : unit === "s" ? 1000 : 1);
  return ms <= DAY_MS ? Math.round(ms) : null;
}

const DAY_MS = 86_400_000;

/**
 * The call's start and end as ISO strings, from whatever the platform gave: a start, an end, a
 * duration. Ended is never before started. With no time at all (a platform that omits both on a
 * call that never connected) the receipt time stands in, rather than refusing a real event.
 */
export function callTimes(t: { startMs: number | null; endMs: number | null; durationMs?: number | null }) {
  const duration = t.durationMs ?? null;
  let start = t.startMs ?? (t.endMs !== null && duration !== null ? t.endMs - duration : t.endMs);
  let end = t.endMs ?? (start !== null && duration !== null ? start + duration : start);
  if (start === null || end === null) start = end = Date.now();
  if (end < start) end = start;
  return { startedAt: new Date(start).toISOString(), endedAt: new Date(end).toISOString() };
}

// --- content -------------------------------------------------------------------------------------

/** Our call model's limits (lib/ingest/event-schema.ts). */
export const LIMITS = { text: 20_000, name: 200, turns: 5_000, externalId: 200, url: 2_000 } as const;

export const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** Trimmed, clipped text; null when blank. */
export function textOrNull(value: string | null | undefined, max: number = LIMITS.text): string | null {
  const t = value?.trim();
  return t ? clip(t, max) : null;
}

/** An https URL, or null: a recording link we show people must not be plain http or a data: URL. */
export function httpsOrNull(value: string | null | undefined): string | null {
  if (!value || value.length > LIMITS.url) return null;
  try {
    return new URL(value).protocol === "https:" ? value : null;
  } catch {
    return null;
  }
}

/**
 * A platform's phone number → E.164, or null for anything that is not a phone number ("anonymous",
 * a SIP URI, a web call's empty string). Platforms send E.164 with the odd formatting character or
 * without the plus; a national number without a country cannot be placed, so it is null.
 */
export function e164OrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const compact = value.trim().replace(/[\s().-]/g, "");
  const candidate = compact.startsWith("+") ? compact : /^[1-9]\d{10,14}$/.test(compact) ? `+${compact}` : null;
  return candidate && isE164(candidate) ? candidate : null;
}

/**
 * Transcript turns as our model accepts them: whole non-negative ms, end not before start, starts
 * in order (a platform's overlapping or approximate times are clamped forward, the speech order is
 * kept), text clipped, at most 5,000 turns, empty turns dropped.
 */
export function finishTurns(turns: PlatformTurn[]): PlatformTurn[] {
  const out: PlatformTurn[] = [];
  let previousStart = 0;
  for (const turn of turns) {
    const text = turn.text.trim();
    if (!text) continue;
    const start = offset(turn.start_ms);
    const clampedStart = start === null ? null : Math.max(start, previousStart);
    if (clampedStart !== null) previousStart = clampedStart;
    const end = offset(turn.end_ms);
    const clampedEnd = end === null ? null : Math.max(end, clampedStart ?? 0);
    out.push({ role: turn.role, text: clip(text, LIMITS.text), start_ms: clampedStart, end_ms: clampedEnd });
    if (out.length === LIMITS.turns) break;
  }
  return out;
}

function offset(ms: number | null): number | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  return Math.min(Math.max(Math.round(ms), 0), DAY_MS);
}

/** A plain JSON object, or null (the platform's analysis must be an object to be kept as one). */
export function objectOrNull(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Drops absent keys; null when nothing is left (so "no analysis" is null, not `{}`). */
export function compactObject(entries: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.entries(entries).filter(([, v]) => v !== undefined && v !== null);
  return kept.length > 0 ? Object.fromEntries(kept) : null;
}

/** Keys a platform's variables or extracted data use for the caller's name, when one is obvious. */
const NAME_KEYS = ["customer_name", "caller_name", "contact_name", "full_name", "name"];

/** The first obvious name among the given variable maps (`{customer_name: "Jane"}`), or null. */
export function nameFromVariables(...maps: (Record<string, unknown> | null | undefined)[]): string | null {
  for (const map of maps) {
    for (const key of NAME_KEYS) {
      const value = map?.[key];
      if (typeof value === "string" && textOrNull(value)) return textOrNull(value, LIMITS.name);
    }
  }
  return null;
}

/**
 * A one-string transcript ("AI: Hi\nUser: Hello" or "bot: …\nhuman: …") → turns without times. A
 * line without a known label continues the turn before it (a long answer with a line break).
 */
export function splitLabelledTranscript(text: string, labels: { agent: string[]; caller: string[] }): PlatformTurn[] {
  const roleOf = new Map<string, PlatformTurn["role"]>([
    ...labels.agent.map((l) => [l.toLowerCase(), "agent"] as const),
    ...labels.caller.map((l) => [l.toLowerCase(), "caller"] as const),
  ]);
  const turns: PlatformTurn[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_ ]{1,20}):\s?(.*)$/.exec(line);
    const role = match ? roleOf.get(match[1]!.trim().toLowerCase()) : undefined;
    if (role) turns.push({ role, text: match![2]!, start_ms: null, end_ms: null });
    else if (turns.length > 0 && line.trim()) turns[turns.length - 1]!.text += `\n${line.trim()}`;
  }
  return turns;
}

// --- schemas -------------------------------------------------------------------------------------

/** Zod pieces for platform bodies: optional fields may be absent or null, but not the wrong type. */
export const zText = z.string({ message: "must be a string" }).nullish();
export const zNumber = z.number({ message: "must be a number" }).nullish();
export const zBool = z.boolean({ message: "must be true or false" }).nullish();
export const zRecord = z.record(z.string(), z.unknown(), { message: "must be an object" }).nullish();
/** The platform's call id: our idempotency key, so it must be there and fit our column. */
export const zId = z
  .string({ message: "is required (the platform's call id)" })
  .trim()
  .min(1, "must not be empty")
  .max(LIMITS.externalId, `must be at most ${LIMITS.externalId} characters`);

// --- errors --------------------------------------------------------------------------------------

/**
 * Parses with a platform schema, or throws a 400 naming each bad field by the platform's own path
 * (`message.call.id`, `data.conversation_id`), which is what its docs and dashboard call it.
 */
export function parseShape<T extends z.ZodType>(schema: T, body: unknown, label: string): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw AppError.badRequest(`This is not a ${label} post-call webhook body.`, fieldErrorsFromZod(result.error.issues));
  }
  return result.data;
}
