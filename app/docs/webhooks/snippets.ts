/**
 * The verification code shown in the integration guide. A test runs the Node and raw-HMAC snippets
 * against real signed deliveries, so the guide cannot drift from what we send.
 */
export const NODE_SNIPPET = `import { Webhook } from "standardwebhooks";

// rawBody: the request body exactly as received (a string, before JSON.parse).
// headers: an object with webhook-id, webhook-timestamp and webhook-signature.
// secret:  "whsec_…" from Developer Tools → Webhooks.
export function verifyAftercallWebhook(rawBody, headers, secret) {
  const wh = new Webhook(secret);
  return wh.verify(rawBody, headers); // throws if the signature or timestamp is bad
}
`;

export const EXPRESS_SNIPPET = `import express from "express";
import { verifyAftercallWebhook } from "./verify.js";

const app = express();
const seen = new Set(); // use your database in production

app.post("/webhooks/aftercall", express.text({ type: "application/json" }), (req, res) => {
  let event;
  try {
    event = verifyAftercallWebhook(req.body, req.headers, process.env.AFTERCALL_WEBHOOK_SECRET);
  } catch {
    return res.status(400).send("bad signature");
  }
  const id = req.header("webhook-id");
  if (seen.has(id)) return res.sendStatus(200); // a retry of something you already handled
  seen.add(id);
  // Do the slow work after answering: we wait at most 10 seconds.
  queueMicrotask(() => handleCallEnded(event));
  res.sendStatus(204);
});
`;

export const RAW_HMAC_SNIPPET = `import { createHmac, timingSafeEqual } from "node:crypto";

// No library: the Standard Webhooks v1 scheme by hand.
export function verifyAftercallWebhook(rawBody, headers, secret) {
  const id = headers["webhook-id"];
  const timestamp = headers["webhook-timestamp"];
  const signatures = headers["webhook-signature"];
  if (!id || !timestamp || !signatures) throw new Error("missing webhook headers");
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) throw new Error("timestamp too far from now");

  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(\`\${id}.\${timestamp}.\${rawBody}\`).digest();
  const valid = signatures.split(" ").some((entry) => {
    const [version, signature] = entry.split(",");
    const given = Buffer.from(signature ?? "", "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!valid) throw new Error("bad signature");
  return JSON.parse(rawBody);
}
`;

export const PYTHON_SNIPPET = `# pip install standardwebhooks
from standardwebhooks.webhooks import Webhook

def verify_aftercall_webhook(raw_body: bytes, headers: dict, secret: str) -> dict:
    """secret is "whsec_…" from Developer Tools → Webhooks. Raises if the signature is bad."""
    return Webhook(secret).verify(raw_body, headers)

# Flask:
# @app.post("/webhooks/aftercall")
# def aftercall():
#     event = verify_aftercall_webhook(request.get_data(), dict(request.headers), SECRET)
#     ...
#     return "", 204
`;

export const PYTHON_RAW_SNIPPET = `import base64, hashlib, hmac, json, time

def verify_aftercall_webhook(raw_body: bytes, headers: dict, secret: str) -> dict:
    msg_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > 300:
        raise ValueError("timestamp too far from now")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + raw_body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for entry in headers["webhook-signature"].split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return json.loads(raw_body)
    raise ValueError("bad signature")
`;
