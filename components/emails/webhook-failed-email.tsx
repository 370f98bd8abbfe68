import { Body, Button, Container, Head, Heading, Html, Preview, Section, Text } from "@react-email/components";

/** To the account's owners when a webhook delivery fails for good (lib/delivery/failure-alert.ts). */
export type WebhookFailedEmailProps = {
  destination: string;
  webhookId: string;
  /** Why, in a sentence. */
  why: string;
  /** The last answer or error, in a sentence (or empty). */
  last: string;
  /** The endpoint was disabled by this failure. */
  disabled: boolean;
  detailsUrl: string;
};

export function webhookFailedSubject({ disabled }: Pick<WebhookFailedEmailProps, "disabled">) {
  return disabled ? "Webhook endpoint disabled" : "Webhook delivery failed";
}

export function WebhookFailedEmail({ destination, webhookId, why, last, disabled, detailsUrl }: WebhookFailedEmailProps) {
  const text = { fontSize: 15, lineHeight: "24px", color: "#374151" };
  return (
    <Html lang="en">
      <Head />
      <Preview>{`A webhook to ${destination} could not be delivered`}</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 12, margin: "40px auto", padding: 32, maxWidth: 480 }}>
          <Heading as="h1" style={{ fontSize: 20, margin: "0 0 16px" }}>
            {webhookFailedSubject({ disabled })}
          </Heading>
          <Text style={text}>
            A webhook to {destination} could not be delivered (webhook-id {webhookId}).
          </Text>
          <Text style={text}>{why}</Text>
          {last ? <Text style={text}>{last}</Text> : null}
          {disabled ? (
            <Text style={text}>
              Later calls will not be sent to this endpoint until you re-enable it under Developer Tools → Delivery log.
            </Text>
          ) : null}
          <Section style={{ margin: "24px 0" }}>
            <Button
              href={detailsUrl}
              style={{ backgroundColor: "#4f46e5", color: "#ffffff", borderRadius: 8, padding: "12px 20px", fontWeight: 600 }}
            >
              See the details
            </Button>
          </Section>
          <Text style={{ fontSize: 13, color: "#6b7280" }}>Details: {detailsUrl}</Text>
        </Container>
      </Body>
    </Html>
  );
}
