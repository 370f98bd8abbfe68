import { describe, expect, it } from "vitest";
import { actionListSchema, actionSchema, webhookUrlProblem } from "./schema";

const strict = { defaultCountry: "AU", allowPrivateNetworks: false };
const lax = { defaultCountry: "AU", allowPrivateNetworks: true };

function toError(input: unknown, opts = strict) {
  const r = actionSchema(opts).safeParse(input);
  return r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

describe("actionSchema", () => {
  it("stores phone numbers in any common format as E.164, in the account's country", () => {
    for (const raw of ["0412 345 678", "+61 412 345 678", "(04) 1234 5678", "61412345678", " +61412345678 "]) {
      expect(actionSchema(strict).parse({ channel: "sms", to: raw }).to).toBe("+61412345678");
    }
    expect(actionSchema({ ...strict, defaultCountry: "US" }).parse({ channel: "sms", to: "(415) 555-2671" }).to).toBe("+14155552671");
  });

  it("defaults to enabled, completed calls and no minimum duration", () => {
    expect(actionSchema(strict).parse({ channel: "email", to: "ops@example.com" })).toEqual({
      channel: "email",
      to: "ops@example.com",
      enabled: true,
      conditions: { statuses: ["completed"], min_duration_seconds: 0 },
      template: null,
      headers: [],
    });
  });

  it("keeps statuses in a fixed order without duplicates", () => {
    const a = actionSchema(strict).parse({
      channel: "email",
      to: "a@b.co",
      conditions: { statuses: ["busy", "completed", "busy"], min_duration_seconds: 30 },
    });
    expect(a.conditions).toEqual({ statuses: ["completed", "busy"], min_duration_seconds: 30 });
  });

  it("refuses bad numbers, emails and conditions with a message on the field", () => {
    expect(toError({ channel: "sms", to: "12" })).toMatch(/^to: That is not a valid phone number/);
    expect(toError({ channel: "sms", to: "" })).toBe("to: Enter a mobile number.");
    expect(toError({ channel: "email", to: "not-an-email" })).toMatch(/^to: That is not a valid email address/);
    expect(toError({ channel: "fax", to: "x" })).toMatch(/^channel: Choose SMS, Email or Webhook/);
    expect(toError({ channel: "email", to: "a@b.co", conditions: { statuses: [], min_duration_seconds: 0 } })).toBe(
      "conditions.statuses: Pick at least one call status.",
    );
    expect(toError({ channel: "email", to: "a@b.co", conditions: { statuses: ["completed"], min_duration_seconds: -1 } })).toBe(
      "conditions.min_duration_seconds: The minimum duration cannot be negative.",
    );
    expect(toError({ channel: "email", to: "a@b.co", conditions: { statuses: ["completed"], min_duration_seconds: 1.5 } })).toBe(
      "conditions.min_duration_seconds: Use whole seconds.",
    );
    expect(toError({ channel: "email", to: "a@b.co", conditions: { statuses: ["ringing"], min_duration_seconds: 0 } })).toMatch(
      /^conditions.statuses.0: Unknown call status/,
    );
  });

  it("accepts public https webhook URLs", () => {
    expect(actionSchema(strict).parse({ channel: "webhook", to: "https://hooks.example.com/aftercall" }).to).toBe(
      "https://hooks.example.com/aftercall",
    );
  });

  it("refuses http, credentials and private addresses unless private networks are allowed", () => {
    expect(toError({ channel: "webhook", to: "http://hooks.example.com/x" })).toMatch(/Use an https:\/\/ URL/);
    // A refusal names the setting that lifts it.
    expect(toError({ channel: "webhook", to: "http://hooks.example.com/x" })).toContain("WEBHOOK_ALLOW_PRIVATE_NETWORKS=true");
    expect(toError({ channel: "webhook", to: "https://127.0.0.1:8443/x" })).toContain("WEBHOOK_ALLOW_PRIVATE_NETWORKS=true");
    expect(toError({ channel: "webhook", to: "https://user:pw@hooks.example.com/x" })).toMatch(/Remove the username and password/);
    expect(toError({ channel: "webhook", to: "not a url" })).toMatch(/Enter an https:\/\/ URL/);
    for (const host of ["127.0.0.1", "10.1.2.3", "192.168.0.5", "172.16.0.1", "169.254.169.254", "[::1]", "[::ffff:10.0.0.1]", "0.0.0.0", "localhost"]) {
      expect(toError({ channel: "webhook", to: `https://${host}/hook` }), host).toMatch(/private/);
      expect(toError({ channel: "webhook", to: `https://${host}/hook` }, lax), host).toBeNull();
    }
    expect(toError({ channel: "webhook", to: "http://127.0.0.1:4000/hook" }, lax)).toBeNull();
    // Credentials stay refused even where private networks are allowed.
    expect(toError({ channel: "webhook", to: "https://u:p@127.0.0.1/x" }, lax)).toMatch(/Remove the username/);
  });

  it("webhookUrlProblem passes public literal IPs", () => {
    expect(webhookUrlProblem("https://93.184.216.34/hook", false)).toBeNull();
  });
});

describe("actionListSchema", () => {
  it("refuses more than 10 actions", () => {
    const action = { channel: "webhook", to: "https://hooks.example.com/a" };
    expect(actionListSchema(strict).safeParse({ actions: Array(10).fill(action) }).success).toBe(true);
    const r = actionListSchema(strict).safeParse({ version: 3, actions: Array(11).fill(action) });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe("An account can have at most 10 post-call actions. Delete one to add another.");
  });
});
