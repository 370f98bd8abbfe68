import Ajv2020 from "ajv/dist/2020";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/db";
import { createAccountForUser } from "@/db/queries/accounts";
import { apiKeys, users } from "@/db/schema";
import { generateApiKey } from "@/lib/crypto";
import { openApiDocument } from "@/lib/api/openapi";
import { newId } from "@/lib/ids";
import { GET, PUT } from "./route";

/** Templates and custom headers through the public API: same rules as the page, values never returned. */
const URL_ = "http://localhost:3000/api/v1/post-call-actions";
let key: string;

const get = () => GET(new Request(URL_, { headers: { authorization: `Bearer ${key}` } }), undefined as never);
const put = (body: unknown) =>
  PUT(new Request(URL_, { method: "PUT", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }), undefined as never);

beforeEach(async () => {
  const [user] = await db.insert(users).values({ email: `${newId("u")}@example.com` }).returning();
  const accountId = await createAccountForUser(db, { userId: user!.id, name: "Acme", credits: 100 });
  const k = generateApiKey();
  await db.insert(apiKeys).values({ id: newId("key"), accountId, name: "dev", prefix: k.prefix, keyHash: k.hash, role: "developer" });
  key = k.key;
});

/** The ActionList schema of our own OpenAPI document, so the document and the responses cannot drift apart. */
function actionListValidator() {
  const doc = openApiDocument("https://app.aftercall.example");
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);
  return ajv.compile({ $ref: "#/components/schemas/ActionList" });
}

describe("templates and headers in /api/v1/post-call-actions", () => {
  it("stores them, returns the template and masked headers, and keeps a header sent back without its value", async () => {
    const res = await put({
      actions: [
        { channel: "sms", to: "0412 345 678", template: { body: "Lead {{contact_name}}: {{summary}}" } },
        { channel: "email", to: "ops@example.com", template: { subject: "Lead {{caller}}", intro: "{{contact_name}} called {{agent}}." } },
        { channel: "webhook", to: "https://hooks.example.com/a", headers: [{ name: "Authorization", value: "Bearer api_token_abcdef123456" }] },
      ],
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(JSON.stringify(body)).not.toContain("api_token");
    expect(body.actions.map((a: { template: unknown; headers: unknown }) => [a.template, a.headers])).toEqual([
      [{ body: "Lead {{contact_name}}: {{summary}}" }, []],
      [{ subject: "Lead {{caller}}", intro: "{{contact_name}} called {{agent}}." }, []],
      [null, [{ name: "Authorization", masked: "••••••••3456" }]],
    ]);
    const validate = actionListValidator();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);

    // GET → PUT round trip: the masked header goes back as it came, and the value stays.
    const listed = await (await get()).json();
    const again = await put({ version: listed.version, actions: listed.actions });
    expect(again.status).toBe(200);
    expect((await again.json()).actions[2].headers).toEqual([{ name: "Authorization", masked: "••••••••3456" }]);
  });

  it("refuses bad templates and headers with problem+json naming the field", async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ channel: "sms", to: "0412 345 678", template: { body: "Hi {{caler}}" } }, "actions[0].template.body", /^Unknown variable \{\{caler\}\} at character 4\./],
      [{ channel: "sms", to: "0412 345 678", template: { body: "Hi {{caller" } }, "actions[0].template.body", /never closed/],
      [{ channel: "sms", to: "0412 345 678", template: { body: "x".repeat(400) } }, "actions[0].template.body", /takes 3 SMS segments/],
      [{ channel: "email", to: "ops@example.com", template: { intro: "}} oops" } }, "actions[0].template.intro", /closes nothing/],
      [{ channel: "webhook", to: "https://hooks.example.com/a", headers: [{ name: "Content-Type", value: "text/plain" }] }, "actions[0].headers[0].name", /cannot be replaced/],
      [{ channel: "webhook", to: "https://hooks.example.com/a", headers: [{ name: "Proxy-Authorization", value: "x" }] }, "actions[0].headers[0].name", /hop-by-hop/],
      [{ channel: "webhook", to: "https://hooks.example.com/a", headers: [{ name: "X-New" }] }, "actions[0].headers[0].value", /^Enter a value for X-New/],
    ];
    for (const [action, field, message] of cases) {
      const res = await put({ actions: [action] });
      expect(res.status, field).toBeGreaterThanOrEqual(400);
      expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
      const problem = await res.json();
      expect(problem.errors, JSON.stringify(problem)).toEqual(expect.arrayContaining([{ field, message: expect.stringMatching(message) }]));
    }
    expect((await (await get()).json()).actions).toEqual([]);
  });
});
