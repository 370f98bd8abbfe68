import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Html,
  Preview,
  Section,
  Text,
} from "@react-email/components";

export function InvitationEmail({
  url,
  accountName,
  inviter,
  role,
}: {
  url: string;
  accountName: string;
  inviter: string;
  role: string;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`Join ${accountName} on Aftercall`}</Preview>
      <Body
        style={{ backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" }}
      >
        <Container
          style={{
            backgroundColor: "#ffffff",
            borderRadius: 12,
            margin: "40px auto",
            padding: 32,
            maxWidth: 480,
          }}
        >
          <Heading as="h1" style={{ fontSize: 20, margin: "0 0 16px" }}>
            Join {accountName} on Aftercall
          </Heading>
          <Text style={{ fontSize: 15, lineHeight: "24px", color: "#374151" }}>
            {inviter} invited you to {accountName} as a {role}. Aftercall sends SMS, email and webhook
            notifications after every call your AI phone agents take.
          </Text>
          <Section style={{ margin: "24px 0" }}>
            <Button
              href={url}
              style={{
                backgroundColor: "#4f46e5",
                color: "#ffffff",
                borderRadius: 8,
                padding: "12px 20px",
                fontWeight: 600,
              }}
            >
              Accept the invitation
            </Button>
          </Section>
          <Text style={{ fontSize: 13, color: "#6b7280" }}>
            The link works once and expires in 7 days. If you weren&apos;t expecting it, you can ignore this
            email.
          </Text>
          <Text style={{ fontSize: 13, color: "#6b7280" }}>{url}</Text>
        </Container>
      </Body>
    </Html>
  );
}
