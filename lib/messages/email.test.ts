import { describe, expect, it } from "vitest";
import { sampleCallView } from "./call-view";
import { renderCallEmail } from "./email";

describe("renderCallEmail", () => {
  it("names the caller in the subject and carries every email field in HTML and text", async () => {
    const view = sampleCallView("https://app.aftercall.dev");
    const email = await renderCallEmail(view);
    expect(email.subject).toBe("Call from Jane Citizen (+61 412 345 678)");
    for (const body of [email.html, email.text]) {
      expect(body).toContain("+61 412 345 678");
      expect(body).toContain("Jane Citizen");
      expect(body).toContain("Wants an appraisal of 12 Smith St");
      expect(body).toContain("Mobile");
      expect(body).toContain("3m 12s");
      expect(body).toContain("Weekday mornings are best.");
      expect(body).toContain("https://app.aftercall.dev/r/sample");
    }
  });

  it("marks a test in the subject and links nowhere when it is about no stored call", async () => {
    const email = await renderCallEmail({ ...sampleCallView("https://app.aftercall.dev", "UTC", { links: false }), test: true });
    expect(email.subject).toBe("[Test] Call from Jane Citizen (+61 412 345 678)");
    for (const body of [email.html, email.text]) {
      expect(body).not.toContain("call_sample");
      expect(body).not.toContain("/r/sample");
      expect(body).toContain("nothing was charged");
    }
  });

  it("marks a name that only came from the call", async () => {
    const view = sampleCallView("https://x.test");
    const email = await renderCallEmail({ ...view, contact: { ...view.contact, saved: false } });
    expect(email.text).toContain("Jane Citizen (from the call)");
  });
});
