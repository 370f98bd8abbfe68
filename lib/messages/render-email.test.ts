import { render } from "@react-email/render";
import { describe, expect, it } from "vitest";
import { CallEmail } from "@/components/emails/call-email";
import { LowBalanceEmail } from "@/components/emails/low-balance-email";
import { sampleCallView } from "./call-view";
import { renderEmail } from "./render-email";

describe("renderEmail", () => {
  // Rendered once, the bodies must be exactly what React Email's two renders give.
  const elements = {
    "the call email": CallEmail({ view: sampleCallView("https://app.example.com") }),
    "a templated call email": CallEmail({ view: sampleCallView("https://app.example.com"), subject: "Call from {{caller}}", intro: "Hi team — {{summary}}" }),
    "the low-balance alert": LowBalanceEmail({ accountName: "Acme", balance: 40, threshold: 100, creditsUrl: "https://app.example.com/credits" }),
  };
  for (const [name, element] of Object.entries(elements)) {
    it(`${name}: HTML and plain text as React Email renders them`, async () => {
      const { html, text } = await renderEmail(element);
      expect(html).toBe(await render(element));
      expect(text).toBe(await render(element, { plainText: true }));
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toContain("<");
    });
  }
});
