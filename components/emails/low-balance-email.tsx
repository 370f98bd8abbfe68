import { Body, Button, Container, Head, Heading, Html, Preview, Section, Text } from "@react-email/components";

/** To the account's owners when the credit balance falls below their threshold (lib/low-balance.ts). */
export type LowBalanceEmailProps = { accountName: string; balance: number; threshold: number; creditsUrl: string };

const n = (value: number) => value.toLocaleString("en");

export function lowBalanceSubject({ accountName, balance }: Pick<LowBalanceEmailProps, "accountName" | "balance">) {
  return `${accountName}: credit balance is low (${n(balance)} left)`;
}

export function LowBalanceEmail({ accountName, balance, threshold, creditsUrl }: LowBalanceEmailProps) {
  const text = { fontSize: 15, lineHeight: "24px", color: "#374151" };
  return (
    <Html lang="en">
      <Head />
      <Preview>{lowBalanceSubject({ accountName, balance })}</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 12, margin: "40px auto", padding: 32, maxWidth: 480 }}>
          <Heading as="h1" style={{ fontSize: 20, margin: "0 0 16px" }}>
            Credit balance is low
          </Heading>
          <Text style={text}>
            The credit balance of <strong>{accountName}</strong> is <strong>{n(balance)}</strong> credits, below your alert
            threshold of {n(threshold)}.
          </Text>
          <Text style={text}>When the balance runs out, SMS and email actions are skipped until credits are added.</Text>
          <Section style={{ margin: "24px 0" }}>
            <Button
              href={creditsUrl}
              style={{ backgroundColor: "#4f46e5", color: "#ffffff", borderRadius: 8, padding: "12px 20px", fontWeight: 600 }}
            >
              See usage and the ledger
            </Button>
          </Section>
          <Text style={{ fontSize: 13, color: "#6b7280" }}>{creditsUrl}</Text>
        </Container>
      </Body>
    </Html>
  );
}
