import { describe, expect, it } from "vitest";
import { STATUS_LABEL } from "@/lib/post-call-actions/labels";
import { CALL_STATUS_LABEL as BADGE_LABEL } from "@/components/calls/call-status-badge";
import { callStatusEnum } from "@/db/schema";
import { CALL_STATUS_LABEL } from "./call-status";
import { sampleCallView } from "./messages/call-view";
import { renderCallEmail } from "./messages/email";

describe("one name per call status", () => {
  it("is the same in the conditions, the calls list and the email", async () => {
    expect(STATUS_LABEL).toBe(CALL_STATUS_LABEL);
    expect(BADGE_LABEL).toBe(CALL_STATUS_LABEL);
    for (const status of callStatusEnum.enumValues) {
      // The name a person reads matches the value the API and webhooks carry.
      expect(CALL_STATUS_LABEL[status].toLowerCase().replace(" ", "-")).toBe(status);
      const email = await renderCallEmail({ ...sampleCallView("https://x.test"), status });
      expect(email.text).toContain(CALL_STATUS_LABEL[status]);
    }
  });
});
