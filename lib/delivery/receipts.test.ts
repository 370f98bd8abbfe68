import { describe, expect, it } from "vitest";
import { actionResult, bounceWords, receiptRefundNote, twilioErrorWords } from "./receipts";
import { resendReceipt } from "./resend-receipt";
import { twilioReceipt } from "./twilio-receipt";

const SID = `SM${"a".repeat(32)}`;

describe("an action's result", () => {
  it("is the send's status until a receipt says more, and only a sent message takes one", () => {
    expect(actionResult({ status: "sent", receipt: null })).toBe("sent");
    expect(actionResult({ status: "sent", receipt: "undelivered" })).toBe("undelivered");
    expect(actionResult({ status: "pending", receipt: "delivered" })).toBe("pending");
    expect(actionResult({ status: "failed", receipt: null })).toBe("failed");
  });
});

describe("Twilio status callbacks", () => {
  it("name the carrier's error in words, with the code", () => {
    expect(twilioErrorWords("30003")).toBe("The handset is unreachable (off or out of coverage) (Twilio 30003)");
    expect(twilioErrorWords("30006")).toBe("A landline or a carrier that cannot take SMS (Twilio 30006)");
    expect(twilioErrorWords("21610")).toBe("The recipient opted out (replied STOP) (Twilio 21610)");
    expect(twilioErrorWords("39999")).toBe("Twilio error 39999");
    expect(twilioErrorWords(null)).toBeNull();
  });

  it("map delivered, undelivered and failed to receipts, and leave statuses on the way alone", () => {
    expect(twilioReceipt({ MessageSid: SID, MessageStatus: "delivered" }).receipt).toMatchObject({ receipt: "delivered", code: null });
    expect(twilioReceipt({ MessageSid: SID, MessageStatus: "undelivered", ErrorCode: "30007" }).receipt).toMatchObject({
      receipt: "undelivered",
      code: "30007",
      detail: "Filtered by the carrier as spam (Twilio 30007)",
    });
    expect(twilioReceipt({ MessageSid: SID, MessageStatus: "undelivered" }).receipt).toMatchObject({ detail: "The carrier could not deliver it" });
    expect(twilioReceipt({ MessageSid: SID, MessageStatus: "failed", ErrorCode: "30008" }).receipt?.detail).toBe("Twilio could not send it: An unknown error at the carrier (Twilio 30008)");
    for (const s of ["accepted", "queued", "sending", "sent", "scheduled", "read"]) expect(twilioReceipt({ MessageSid: SID, MessageStatus: s }).receipt).toBeNull();
  });
});

describe("Resend events", () => {
  const data = { email_id: "4ef9a417-02e9-4d39-ad75-9611e0fcc33c", created_at: "2026-11-24T09:04:00Z" };
  it("map the four acted on, with Resend's time, and ignore the rest", () => {
    expect(resendReceipt({ type: "email.delivered", created_at: "2026-11-24T09:05:00Z", data })).toEqual({
      emailId: data.email_id,
      receipt: { receipt: "delivered", code: null, detail: null, at: new Date("2026-11-24T09:05:00Z") },
    });
    expect(resendReceipt({ type: "email.delivery_delayed", data })?.receipt.receipt).toBe("delayed");
    expect(resendReceipt({ type: "email.complained", data })?.receipt.receipt).toBe("complained");
    expect(resendReceipt({ type: "email.bounced", data: { ...data, bounce: { type: "Transient", subType: "MailboxFull", message: "Mailbox full" } } })?.receipt).toMatchObject({
      receipt: "bounced",
      code: "Transient/MailboxFull",
      detail: "The mailbox refused it for now (MailboxFull): Mailbox full",
    });
    expect(resendReceipt({ type: "email.opened", data })).toBeNull();
    expect(resendReceipt({ type: "domain.updated", data: { id: "d" } })).toBeNull();
  });

  it("word a bounce without details, and the refund note names the reason", () => {
    expect(bounceWords(undefined)).toBe("The mailbox refused it");
    expect(receiptRefundNote("sms", { receipt: "undelivered", detail: "Unreachable" })).toBe("Refund: SMS undelivered — Unreachable");
    expect(receiptRefundNote("email", { receipt: "bounced", detail: null })).toBe("Refund: Email bounced");
  });
});
