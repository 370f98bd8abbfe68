import { Body, Button, Container, Head, Heading, Html, Preview, Section, Text } from "@react-email/components";

export function MagicLinkEmail({ url, host }: { url: string; host: string }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>Your sign-in link for Aftercall</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 12, margin: "40px auto", padding: 32, maxWidth: 480 }}>
          <Heading as="h1" style={{ fontSize: 20, margin: "0 0 16px" }}>
            Sign in to Aftercall
          </Heading>
          <Text style={{ fontSize: 15, lineHeight: "24px", color: "#374151" }}>
            Click the button below to sign in to {host}. The link works once and expires in 24 hours.
          </Text>
          <Section style={{ margin: "24px 0" }}>
            <Button
              href={url}
              style={{ backgroundColor: "#4f46e5", color: "#ffffff", borderRadius: 8, padding: "12px 20px", fontWeight: 600 }}
            >
              Sign in
            </Button>
          </Section>
          <Text style={{ fontSize: 13, color: "#6b7280" }}>
            If you did not ask for this email you can ignore it; nobody can sign in without the link.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
