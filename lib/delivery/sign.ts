import { createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from "node:crypto";

/**
 * Standard Webhooks v1 signatures (https://www.standardwebhooks.com), used both ways: to verify the
 * platform's call-end events and to sign our outbound webhooks. Tests check both directions against
 * the official `standardwebhooks` package.
 */
export const TOLERANCE_SECONDS = 300;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

// Importing the key costs as much as the HMAC itself on a small body; ingest verifies every event with
// the same platform secret. Bounded: outbound signing uses one secret per account.
const keys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= 1000) keys.clear();
    key = createSecretKey(Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64"));
    keys.set(secret, key);
  }
  return key;
}

function hmac(secret: string, id: string, timestampSeconds: number, body: string | Buffer): Buffer {
  const mac = createHmac("sha256", secretKey(secret));
  mac.update(`${id}.${timestampSeconds}.`);
  mac.update(body);
  return mac.digest();
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` */
export function sign(secret: string, id: string, timestampSeconds: number, body: string | Buffer): string {
  return `v1,${hmac(secret, id, timestampSeconds, body).toString("base64")}`;
}

/** Headers for a signed request; several secrets (rotation) give a space-separated signature list. */
export function signatureHeaders(secrets: string[], id: string, body: string, now = new Date()) {
  const ts = Math.floor(now.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(ts),
    "webhook-signature": secrets.map((s) => sign(s, id, ts, body)).join(" "),
  };
}

export type VerifyFailure = "missing_headers" | "bad_timestamp" | "stale_timestamp" | "bad_signature";

/** Checks a request's signature in constant time; `null` when it is good. */
export function verifySignature(
  secret: string,
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  rawBody: string | Buffer,
  now = Date.now(),
): VerifyFailure | null {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return "missing_headers";
  if (!/^\d{1,12}$/.test(timestamp)) return "bad_timestamp";
  const ts = Number(timestamp);
  if (Math.abs(now / 1000 - ts) > TOLERANCE_SECONDS) return "stale_timestamp";
  const expected = hmac(secret, id, ts, rawBody);
  for (const candidate of signature.split(" ")) {
    const [version, value] = candidate.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return null;
  }
  return "bad_signature";
}
