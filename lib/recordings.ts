import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * Recording links: `/r/<token>` where the token is `<callId>.<expiry unix seconds>.<hmac>`, signed
 * with AUTH_SECRET. The route checks the signature and expiry, then that the call's recording still
 * exists (deleted or purged → 410), and redirects to the platform's URL.
 */
const DEFAULT_TTL_SECONDS = 30 * 86400;

function mac(payload: string): string {
  return createHmac("sha256", `recording:${getEnv().AUTH_SECRET}`).update(payload).digest("base64url");
}

export function recordingToken(callId: string, ttlSeconds = DEFAULT_TTL_SECONDS, now = Date.now()): string {
  const payload = `${callId}.${Math.floor(now / 1000) + ttlSeconds}`;
  return `${payload}.${mac(payload)}`;
}

export function recordingLink(callId: string, ttlSeconds?: number): string {
  return `${getEnv().APP_URL}/r/${recordingToken(callId, ttlSeconds)}`;
}

export type TokenCheck = { ok: true; callId: string } | { ok: false; reason: "invalid" | "expired" };

export function verifyRecordingToken(token: string, now = Date.now()): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "invalid" };
  const [callId, expiry, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac(`${callId}.${expiry}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  if (!/^\d+$/.test(expiry) || Number(expiry) * 1000 < now) return { ok: false, reason: "expired" };
  return { ok: true, callId };
}
