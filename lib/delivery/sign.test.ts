import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeaders, verifySignature } from "./sign";

describe("Standard Webhooks signatures", () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ type: "call.ended", data: { emoji: "🏡" } });

  it("signs so that the official standardwebhooks package verifies", () => {
    const headers = signatureHeaders([secret], "msg_1", body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("verifies what the official package signs, and rejects tampering", () => {
    const wh = new Webhook(secret);
    const now = new Date();
    const sig = wh.sign("msg_2", now, body);
    const headers = { id: "msg_2", timestamp: String(Math.floor(now.getTime() / 1000)), signature: sig };
    expect(verifySignature(secret, headers, body)).toBeNull();
    expect(verifySignature(secret, headers, body + " ")).toBe("bad_signature");
    expect(verifySignature(secret, { ...headers, id: "msg_3" }, body)).toBe("bad_signature");
    expect(verifySignature(newWebhookSecret(), headers, body)).toBe("bad_signature");
  });

  it("accepts any matching entry of a space-separated list (rotation)", () => {
    const old = newWebhookSecret();
    const headers = signatureHeaders([secret, old], "msg_4", body);
    const h = { id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signature: headers["webhook-signature"] };
    expect(verifySignature(old, h, body)).toBeNull();
    expect(verifySignature(secret, h, body)).toBeNull();
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
  });

  it("rejects missing headers and timestamps more than 300 s away", () => {
    const now = Date.now();
    const stale = signatureHeaders([secret], "msg_5", body, new Date(now - 301_000));
    const h = { id: stale["webhook-id"], timestamp: stale["webhook-timestamp"], signature: stale["webhook-signature"] };
    expect(verifySignature(secret, h, body, now)).toBe("stale_timestamp");
    const future = signatureHeaders([secret], "msg_5", body, new Date(now + 301_000));
    expect(
      verifySignature(secret, { id: "msg_5", timestamp: future["webhook-timestamp"], signature: future["webhook-signature"] }, body, now),
    ).toBe("stale_timestamp");
    expect(verifySignature(secret, { id: null, timestamp: "1", signature: "v1,x" }, body)).toBe("missing_headers");
    expect(verifySignature(secret, { id: "a", timestamp: "12abc", signature: "v1,x" }, body)).toBe("bad_timestamp");
  });
});
