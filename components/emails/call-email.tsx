import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { CALL_STATUS_LABEL } from "@/lib/call-status";
import type { CallView } from "@/lib/messages/call-view";
import { formatDuration, formatOffset } from "@/lib/messages/call-view";
import { formatPhone, PHONE_TYPE_LABEL } from "@/lib/phone";
import { callEmailSubject } from "@/lib/messages/email-subject";
import { renderTemplate } from "@/lib/messages/template";

export { callEmailSubject };

const STATUS: Record<CallView["status"], string> = CALL_STATUS_LABEL;

const label = { color: "#6b7280", fontSize: 12, margin: 0, textTransform: "uppercase" as const, letterSpacing: 0.4 };
const value = { color: "#111827", fontSize: 15, margin: "2px 0 14px" };

/**
 * The post-call email: everything in the SMS plus phone type, duration, transcript and recording. An
 * action's template sets the subject (also the heading) and an intro paragraph above the call's details;
 * its values go in as text, so React escapes them in the HTML.
 */
export function CallEmail({ view, subject: subjectTemplate, intro: introTemplate }: { view: CallView; subject?: string | null; intro?: string | null }) {
  const subject = callEmailSubject(view, subjectTemplate);
  const intro = introTemplate?.trim() ? renderTemplate(introTemplate, view).trim() : "";
  const when = new Intl.DateTimeFormat("en-AU", { dateStyle: "medium", timeStyle: "short", timeZone: view.timeZone }).format(view.endedAt);
  return (
    <Html lang="en">
      <Head />
      <Preview>{intro || (view.summary ?? subject)}</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif", margin: 0 }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 12, margin: "32px auto", padding: 28, maxWidth: 560 }}>
          <Heading as="h1" style={{ fontSize: 20, margin: "0 0 4px", color: "#111827" }}>
            {subject}
          </Heading>
          <Text style={{ color: "#6b7280", fontSize: 13, margin: "0 0 20px" }}>
            {when} · {STATUS[view.status]}
          </Text>
          {intro ? (
            <Text style={{ fontSize: 15, lineHeight: "23px", color: "#111827", margin: "0 0 20px", whiteSpace: "pre-line" }}>
              {intro}
            </Text>
          ) : null}

          <Section>
            <Text style={label}>Caller ID</Text>
            <Text style={value}>{view.callerNumber ? formatPhone(view.callerNumber) : "Private number"}</Text>
            <Text style={label}>Contact name</Text>
            <Text style={value}>
              {view.contact.name ?? "Not saved"}
              {view.contact.name && !view.contact.saved ? " (from the call)" : ""}
            </Text>
            <Text style={label}>Phone type</Text>
            <Text style={value}>{PHONE_TYPE_LABEL[view.contact.phoneType]}</Text>
            <Text style={label}>Duration</Text>
            <Text style={value}>{formatDuration(view.durationSeconds)}</Text>
          </Section>

          <Hr style={{ borderColor: "#e5e7eb", margin: "8px 0 16px" }} />
          <Heading as="h2" style={{ fontSize: 15, margin: "0 0 6px", color: "#111827" }}>
            Summary
          </Heading>
          <Text style={{ fontSize: 15, lineHeight: "23px", color: "#374151", margin: "0 0 16px" }}>
            {view.summary ?? "No summary for this call."}
          </Text>

          {view.recordingLink ? (
            <Section style={{ margin: "0 0 20px" }}>
              <Button
                href={view.recordingLink}
                style={{ backgroundColor: "#4f46e5", color: "#ffffff", borderRadius: 8, padding: "10px 16px", fontWeight: 600, fontSize: 14 }}
              >
                Listen to the recording
              </Button>
            </Section>
          ) : null}

          {view.transcript.length > 0 ? (
            <>
              <Heading as="h2" style={{ fontSize: 15, margin: "0 0 8px", color: "#111827" }}>
                Transcript
              </Heading>
              {view.transcript.map((t, i) => (
                <Text key={i} style={{ fontSize: 14, lineHeight: "21px", margin: "0 0 8px", color: "#374151" }}>
                  {t.start_ms !== null ? (
                    <>
                      <span style={{ color: "#9ca3af", fontFamily: "monospace", fontSize: 12 }}>{formatOffset(t.start_ms)}</span>{" "}
                    </>
                  ) : null}
                  <strong>{t.role === "agent" ? "Agent" : "Caller"}:</strong> {t.text}
                </Text>
              ))}
            </>
          ) : null}

          <Hr style={{ borderColor: "#e5e7eb", margin: "20px 0 12px" }} />
          <Text style={{ fontSize: 12, color: "#9ca3af", margin: 0 }}>
            {view.test ? "A test from Aftercall: nothing was charged. " : null}
            {view.callPageUrl ? (
              <>
                <Link href={view.callPageUrl} style={{ color: "#4f46e5" }}>
                  Open this call in Aftercall
                </Link>{" "}
                ·{" "}
              </>
            ) : null}
            Recordings are kept for up to 6 months.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
