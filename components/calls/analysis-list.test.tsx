import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnalysisList, humanizeKey } from "./analysis-list";
import { agentNumberLabel, callerLabel } from "./call-parties";

describe("a platform's analysis, rendered for people", () => {
  it("turns each platform's key styles into words", () => {
    expect(humanizeKey("successEvaluation")).toBe("Success evaluation");
    expect(humanizeKey("call_successful")).toBe("Call successful");
    expect(humanizeKey("custom-field")).toBe("Custom field");
    expect(humanizeKey("structuredData")).toBe("Structured data");
  });

  it("renders nested objects as nested lists, flags as Yes/No, and leaves out the summary shown above", () => {
    const html = renderToStaticMarkup(
      <AnalysisList
        omitText="Wants an appraisal."
        analysis={{
          summary: "Wants an appraisal.",
          successEvaluation: "true",
          in_voicemail: false,
          structuredData: { budget: 1250000, suburbs: ["Paddington", "Surry Hills"], callback: { wanted: true, when: null } },
          notes: "Line one\nline two <b>not bold</b>",
        }}
      />,
    );
    expect(html).not.toContain("Wants an appraisal.");
    expect(html).toContain("<dt class=\"font-medium text-muted-foreground\">Success evaluation</dt><dd class=\"min-w-0\">Yes</dd>");
    expect(html).toContain("In voicemail</dt><dd class=\"min-w-0\">No</dd>");
    // Nested: a list inside the structured data's entry, and a list inside that.
    expect(html.match(/<dl/g)).toHaveLength(3);
    expect(html).toContain("1,250,000");
    expect(html).toContain("<li class=\"min-w-0\"><span class=\"whitespace-pre-line break-words\">Paddington</span></li>");
    expect(html).toContain("Wanted</dt><dd class=\"min-w-0\">Yes</dd>");
    expect(html).toContain("When</dt><dd class=\"min-w-0\"><span class=\"text-muted-foreground\">—</span>");
    // Text is text: escaped, never markup, never a raw JSON dump.
    expect(html).toContain("&lt;b&gt;not bold&lt;/b&gt;");
    expect(html).not.toContain("{&quot;");
  });

  it("says so when only the summary was sent", () => {
    expect(renderToStaticMarkup(<AnalysisList analysis={{ summary: "Hi" }} omitText="Hi" />)).toContain("Nothing beyond the summary above.");
  });

  it("stops nesting past six levels and shows the rest compactly", () => {
    let deep: Record<string, unknown> = { leaf: "bottom" };
    for (let i = 0; i < 8; i++) deep = { [`level${i}`]: deep };
    const html = renderToStaticMarkup(<AnalysisList analysis={deep} />);
    expect(html.match(/<dl/g)!.length).toBeLessThanOrEqual(7);
    expect(html).toContain("&quot;leaf&quot;:&quot;bottom&quot;");
  });
});

describe("who was on a call without numbers", () => {
  it("a native call without a caller was withheld; a platform call with no numbers was a web call", () => {
    expect(callerLabel({ callerNumber: null, agentNumber: "+61290000000", platform: null })).toBe("Anonymous");
    expect(callerLabel({ callerNumber: null, agentNumber: null, platform: "vapi" })).toBe("Web call");
    expect(callerLabel({ callerNumber: null, agentNumber: "+61290000000", platform: "retell" })).toBe("Unknown caller");
    expect(callerLabel({ callerNumber: "+61412345678", agentNumber: null, platform: "bland" })).toBe("+61 412 345 678");
    expect(agentNumberLabel({ callerNumber: null, agentNumber: null, platform: "vapi" })).toBe("None (web call)");
    expect(agentNumberLabel({ callerNumber: "+61412345678", agentNumber: null, platform: "synthflow" })).toBe("Unknown");
  });
});
