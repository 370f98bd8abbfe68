import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as schemaRoute } from "@/app/api/v1/schemas/call.ended.json/route";
import { db } from "@/db";
import { activeSigningSecrets, ensureWebhookSecret, revokePreviousWebhookSecrets, rotateWebhookSecret } from "@/db/queries/webhook-secrets";
import { stopBoss } from "@/lib/jobs/queue";
import { deliver } from "@/lib/jobs/handlers/deliver";
import { createAccount, createActions, createCall, createTestDelivery } from "@/tests/factories";
import { startWebhookReceiver, type Received, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";
import { NODE_SNIPPET, RAW_HMAC_SNIPPET } from "./snippets";

/**
 * The guide's Node and raw-HMAC snippets against REAL deliveries: the worker's deliver handler signs
 * and posts to a local receiver, and the snippets verify exactly what arrived (headers and raw body).
 * The payloads are validated against the JSON Schema as served at /api/v1/schemas/call.ended.json.
 */
type Verify = (rawBody: string, headers: Record<string, string>, secret: string) => unknown;

const dirs: string[] = [];
async function load(snippet: string): Promise<Verify> {
  // Next to node_modules, so the snippet's `import "standardwebhooks"` resolves as in a customer's app.
  const dir = mkdtempSync(path.join(process.cwd(), "node_modules", ".snippet-"));
  dirs.push(dir);
  const file = path.join(dir, "verify.mjs");
  writeFileSync(file, snippet);
  return ((await import(pathToFileURL(file).href)) as { verifyAftercallWebhook: Verify }).verifyAftercallWebhook;
}

let receiver: WebhookReceiver;
let validatePayload: (value: unknown) => boolean;
let schemaErrors: () => unknown;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile((await schemaRoute().json()) as object);
  validatePayload = (v) => validate(v);
  schemaErrors = () => validate.errors;
});
afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  await stopBoss();
  await receiver.close();
});

async function deliverAll(ids: string[]) {
  for (const id of ids) expect(await deliver({ deliveryId: id })).toBe("sent");
}

describe.each([
  ["Node standardwebhooks", NODE_SNIPPET],
  ["raw HMAC", RAW_HMAC_SNIPPET],
] as const)("the guide's %s snippet on a real delivery", (_name, snippet) => {
  it("verifies a call.ended the worker sent, before and after a rotation, and the payload matches the schema", async () => {
    const verify = await load(snippet);
    const account = await createAccount();
    const { secret: first } = await ensureWebhookSecret(db, account.accountId);
    const actions = await createActions(account.accountId, [
      { channel: "sms", destination: "+61412000111" },
      { channel: "webhook", destination: `${receiver.url}/hook/${account.accountId}` },
    ]);
    const mine = () => receiver.received.filter((r) => r.path === `/hook/${account.accountId}`);
    const check = (got: Received, secret: string): unknown => {
      const event = verify(got.body, got.headers, secret);
      expect(event).toEqual(JSON.parse(got.body));
      expect(validatePayload(event), JSON.stringify(schemaErrors())).toBe(true);
      return event;
    };

    const call = await createCall(account, actions, { contactNameHeard: "Jane Citizen" });
    await deliverAll(call.deliveryIds);
    const [got] = mine();
    const event = check(got!, first) as { type: string; test: boolean; data: { call: { id: string }; actions: { channel: string }[] } };
    expect(event).toMatchObject({ type: "call.ended", test: false, data: { call: { id: call.callId }, actions: [{ channel: "sms" }] } });
    // Tampering or the wrong secret is refused by the snippet.
    expect(() => verify(got!.body.replace("call.ended", "call.endeD"), got!.headers, first)).toThrow();
    const { secret: other } = await rotateWebhookSecret(db, (await createAccount()).accountId, { userId: null, label: "t" });
    expect(() => verify(got!.body, got!.headers, other)).toThrow();

    // After a rotation the same request verifies with the old secret and with the new one.
    const rotated = await rotateWebhookSecret(db, account.accountId, { userId: null, label: "t" });
    expect(await activeSigningSecrets(db, account.accountId)).toEqual([rotated.secret, first]);
    await deliverAll([await createTestDelivery(account.accountId, "webhook", `${receiver.url}/hook/${account.accountId}`)]);
    const during = mine()[1]!;
    expect(during.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect((check(during, first) as { test: boolean }).test).toBe(true);
    check(during, rotated.secret);

    // Once the previous secret is revoked, only the new one verifies.
    await revokePreviousWebhookSecrets(db, account.accountId, { userId: null, label: "t" });
    await deliverAll([await createTestDelivery(account.accountId, "webhook", `${receiver.url}/hook/${account.accountId}`)]);
    const after = mine()[2]!;
    expect(after.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    check(after, rotated.secret);
    expect(() => verify(after.body, after.headers, first)).toThrow();
  });
});
