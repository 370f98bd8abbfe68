import { describe, expect, it } from "vitest";
import { actionSchema } from "@/lib/post-call-actions/schema";
import { sampleCallView, type CallView } from "./call-view";
import { renderCallEmail } from "./email";
import { composeSms, MAX_SMS_SEGMENTS, smsStats, smsTemplateProblem } from "./sms";
import { parseTemplate, renderTemplate, templateProblem } from "./template";

const view: CallView = sampleCallView("https://app.aftercall.dev", "Australia/Sydney");
const opts = { defaultCountry: "AU", allowPrivateNetworks: false };

describe("parseTemplate refusals", () => {
  it("names an unknown variable and where it is", () => {
    expect(templateProblem("Hi {{callr}}")).toBe(
      "Unknown variable {{callr}} at character 4. Use {{caller}}, {{contact_name}}, {{summary}}, {{duration}}, {{agent}}, {{call_link}}, {{started_at}} or {{analysis.<field>}}.",
    );
    expect(templateProblem("{{analysis}}")).toMatch(/^Unknown variable \{\{analysis\}\} at character 1\./);
  });

  it("refuses unbalanced braces with the character they are at", () => {
    expect(templateProblem("From {{caller")).toBe('"{{" at character 6 is never closed: add "}}" after the variable name.');
    expect(templateProblem("From {{caller {{summary}}")).toMatch(/^"\{\{" at character 6 is never closed/);
    expect(templateProblem("From caller}} now")).toBe('"}}" at character 12 closes nothing: add "{{" before it or remove it.');
    expect(templateProblem("A {{}}")).toMatch(/^Empty "\{\{\}\}" at character 3/);
    // Positions count characters as a person does, not UTF-16 units.
    expect(templateProblem("🏡 {{nope}}")).toMatch(/at character 3\./);
  });

  it("accepts every documented variable, spaces inside the braces and single braces as text", () => {
    const t = "{{caller}} {{ contact_name }} {{summary}} {{duration}} {{agent}} {{call_link}} {{started_at}} {{analysis.budget}} {{analysis.lead.score}} {json}";
    expect(parseTemplate(t).ok).toBe(true);
  });
});

describe("renderTemplate", () => {
  it("fills each variable from the call, the start in the account's time zone", () => {
    const withAnalysis: CallView = { ...view, analysis: { budget: 850000, lead: { score: "hot" }, tags: ["buyer", "local"] } };
    expect(
      renderTemplate(
        "{{contact_name}} ({{caller}}) called {{agent}} for {{duration}} at {{started_at}}: {{analysis.budget}} {{analysis.lead.score}} {{analysis.tags}} {{call_link}}",
        withAnalysis,
      ),
    ).toBe(
      "Jane Citizen (+61 412 345 678) called +61 2 9000 0000 for 3m 12s at 24 Nov 2026, 8:00 pm: 850000 hot buyer, local https://app.aftercall.dev/calls/call_sample",
    );
    expect(renderTemplate("{{started_at}}", { ...view, timeZone: "UTC" })).toBe("24 Nov 2026, 9:00 am");
  });

  it("names the platform's agent when the call came through a connection", () => {
    const platform = { name: "vapi" as const, connectionId: "con_1", agentId: "asst_rentals" };
    expect(renderTemplate("to {{agent}}", { ...view, platform })).toBe("to asst_rentals");
  });

  it("renders a missing value as nothing, never undefined or null", () => {
    const bare: CallView = { ...view, contact: { ...view.contact, name: null }, summary: null, callPageUrl: null, analysis: null, to: null };
    const out = renderTemplate("[{{contact_name}}][{{summary}}][{{call_link}}][{{agent}}][{{analysis.missing}}]", bare);
    expect(out).toBe("[][][][][]");
    expect(renderTemplate("[{{analysis.a.b}}][{{analysis.n}}]", { ...view, analysis: { a: null, n: null } })).toBe("[][]");
  });
});

describe("templated SMS", () => {
  it("uses the template, and the standard message without one", () => {
    expect(composeSms(view, "New lead {{contact_name}}: {{summary}}").text).toBe(`New lead Jane Citizen: ${view.summary}`);
    expect(composeSms(view, null).text).toBe(composeSms(view).text);
    expect(composeSms(view, "   ").text).toMatch(/^Call from Jane Citizen/);
    expect(composeSms({ ...view, test: true }, "Lead {{caller}}").text).toBe("Test: Lead +61 412 345 678");
  });

  it("shortens the summary, at a word, to stay within 2 segments, keeping the template's words whole", () => {
    const long = { ...view, summary: "appraisal ".repeat(80) };
    const sms = composeSms(long, "Lead {{caller}}\n{{summary}}\n-- reply to book, Demo Realty");
    expect(sms.segments).toBe(MAX_SMS_SEGMENTS);
    expect(sms.truncated).toBe(true);
    expect(sms.text.startsWith("Lead +61 412 345 678\nappraisal appraisal")).toBe(true);
    expect(sms.text.endsWith("appraisal...\n-- reply to book, Demo Realty")).toBe(true);
    // As long as it can be: one more word would not fit.
    expect(smsStats(sms.text.replace("...", " appraisal...")).segments).toBe(3);
  });

  it("counts UCS-2 when the template or a value needs it, with 2 segments still the cap", () => {
    const sms = composeSms({ ...view, summary: "Inspection moved 🏡 ".repeat(30) }, "Új hívás {{summary}}");
    expect(sms.encoding).toBe("UCS-2");
    expect(sms.segments).toBeLessThanOrEqual(2);
    expect(sms.text.startsWith("Új hívás Inspection")).toBe(true);
    expect(sms.text.endsWith("…")).toBe(true);
  });

  it("cuts the end as a last resort when another value alone overflows", () => {
    const sms = composeSms({ ...view, analysis: { notes: "x".repeat(500) } }, "Lead {{analysis.notes}} {{summary}}");
    expect(sms.segments).toBe(2);
    expect(sms.text.startsWith("Lead xxx")).toBe(true);
  });

  it("refuses a template whose own words alone take more than 2 segments", () => {
    expect(smsTemplateProblem("a".repeat(306) + "{{summary}}")).toBeNull();
    expect(smsTemplateProblem("a".repeat(307) + "{{summary}}")).toMatch(/takes 3 SMS segments \(307 GSM-7 characters\).*at most 2 segments \(306 GSM-7/);
    expect(smsTemplateProblem("ł".repeat(135))).toMatch(/takes 3 SMS segments \(135 UCS-2 characters\)/);
    expect(smsTemplateProblem("{{caller")).toMatch(/never closed/);
  });
});

describe("templated email", () => {
  it("sets the subject and an intro above the call's details, which stay", async () => {
    const email = await renderCallEmail(view, { subject: "Lead: {{contact_name}}", intro: "{{contact_name}} called {{agent}}.\nRing back today." });
    expect(email.subject).toBe("Lead: Jane Citizen");
    expect(email.html).toContain("Jane Citizen called +61 2 9000 0000.\nRing back today.");
    expect(email.text).toContain("Jane Citizen called +61 2 9000 0000.");
    for (const section of ["Caller ID", "Phone type", "Summary", "Transcript"]) expect(email.html).toContain(section);
    const test = await renderCallEmail({ ...view, test: true }, { subject: "Lead {{caller}}\n{{summary}}" });
    expect(test.subject).toBe(`[Test] Lead +61 412 345 678 ${view.summary}`);
  });

  it("escapes call values in the HTML", async () => {
    const hostile: CallView = { ...view, contact: { ...view.contact, name: '<img src=x onerror="alert(1)">' }, analysis: { note: "<script>x</script>&" } };
    const email = await renderCallEmail(hostile, { intro: "From {{contact_name}}: {{analysis.note}}" });
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).not.toContain("<script>x");
    expect(email.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(email.html).toContain("&lt;script&gt;x&lt;/script&gt;&amp;");
  });

  it("without a template is the standard email", async () => {
    const standard = await renderCallEmail(view);
    expect((await renderCallEmail(view, null)).html).toBe(standard.html);
    expect(standard.subject).toBe("Call from Jane Citizen (+61 412 345 678)");
  });
});

describe("the action schema's template and headers", () => {
  const parse = (a: object) => actionSchema(opts).safeParse({ channel: "sms", to: "+61412345678", ...a });
  const issues = (a: object) => {
    const r = parse(a);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("keeps a valid template and drops an empty one", () => {
    expect(parse({ template: { body: "Lead {{caller}}" } }).data?.template).toEqual({ body: "Lead {{caller}}" });
    expect(parse({ template: { body: "  " } }).data?.template).toBeNull();
    expect(parse({}).data?.template).toBeNull();
    expect(parse({ channel: "email", to: "a@b.co", template: { subject: "Lead", intro: "" } }).data?.template).toEqual({ subject: "Lead" });
  });

  it("refuses bad templates at the field they are in", () => {
    expect(issues({ template: { body: "Hi {{who}}" } })).toEqual([expect.stringMatching(/^template\.body: Unknown variable \{\{who\}\} at character 4/)]);
    expect(issues({ channel: "email", to: "a@b.co", template: { subject: "A\nB" } })).toEqual(["template.subject: Keep the subject on one line."]);
    expect(issues({ channel: "email", to: "a@b.co", template: { intro: "{{summary" } })[0]).toMatch(/^template\.intro: "\{\{" at character 1/);
    expect(issues({ template: { subject: "x" } })).toEqual(["template: An SMS has only a body; subject and intro apply to email actions."]);
    expect(issues({ channel: "webhook", to: "https://example.com/h", template: { body: "x" } })[0]).toMatch(/^template: Webhooks send/);
  });

  it("refuses headers that are ours, hop-by-hop, malformed, duplicated or too many", () => {
    const hook = (headers: object[]) => issues({ channel: "webhook", to: "https://example.com/h", headers });
    expect(hook([{ name: "Authorization", value: "Bearer abc" }])).toEqual([]);
    for (const name of ["webhook-signature", "Webhook-Id", "content-type", "User-Agent", "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"]) {
      expect(hook([{ name, value: "x" }]), name).toEqual([expect.stringMatching(/^0\.name|^headers\.0\.name: .*cannot be/)]);
    }
    expect(hook([{ name: "X Team", value: "x" }])).toEqual([expect.stringMatching(/^headers\.0\.name: "X Team" is not a valid header name/)]);
    expect(hook([{ name: "X-Team", value: "a\r\nInjected: 1" }])).toEqual(["headers.0.value: The value of X-Team may only hold printable ASCII characters, on one line."]);
    expect(hook([{ name: "X-A", value: "1" }, { name: "x-a", value: "2" }])).toEqual(["headers.1.name: x-a is listed twice; keep one."]);
    expect(hook(Array.from({ length: 6 }, (_, i) => ({ name: `X-${i}`, value: "v" })))).toEqual(["headers: Use at most 5 custom headers."]);
    expect(issues({ headers: [{ name: "X-A", value: "1" }] })).toEqual(["headers: Custom headers apply to webhook actions only."]);
  });
});
