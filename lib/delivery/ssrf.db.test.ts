import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db";
import { ensureWebhookSecret } from "@/db/queries/webhook-secrets";
import { deliveries, deliveryAttempts } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { deliver } from "@/lib/jobs/handlers/deliver";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount, createActions, createCall } from "@/tests/factories";
import { startWebhookReceiver, type WebhookReceiver } from "@/tests/fakes/webhook-receiver";

/** SSRF protection end to end: refused deliveries are stored with their reason and nothing is sent. */
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
  resetEnvCache();
  await stopBoss();
  await receiver.close();
});
afterEach(() => receiver.reset());

async function run(url: string, resolve?: (h: string) => Promise<{ address: string; family: 4 | 6 }[]>) {
  const account = await createAccount();
  await ensureWebhookSecret(db, account.accountId);
  const actions = await createActions(account.accountId, [{ channel: "webhook", destination: url }]);
  const { deliveryIds } = await createCall(account, actions);
  const result = await deliver({ deliveryId: deliveryIds[0]! }, { resolve });
  const [row] = await db.select().from(deliveries).where(eq(deliveries.id, deliveryIds[0]!));
  const attempts = await db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, deliveryIds[0]!)).orderBy(asc(deliveryAttempts.attemptNumber));
  return { result, row: row!, attempts };
}

describe("with protection on (WEBHOOK_ALLOW_PRIVATE_NETWORKS=false)", () => {
  beforeAll(() => {
    process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "false";
    resetEnvCache();
  });

  it.each([
    ["loopback", "https://127.0.0.1:8443/hook", /127\.0\.0\.1 \(loopback\)/],
    ["10/8", "https://10.20.30.40/hook", /10\.20\.30\.40 \(private\)/],
    ["cloud metadata", "https://169.254.169.254/latest/meta-data/", /169\.254\.169\.254 \(linkLocal\)/],
    ["IPv6 ULA", "https://[fd00:ec2::254]/hook", /fd00:ec2::254 \(uniqueLocal\)/],
    ["IPv4-mapped IPv6", "https://[::ffff:127.0.0.1]/hook", /ipv4Mapped\(127\.0\.0\.1\)/],
    ["a name in /etc/hosts resolving to loopback", "https://localhost/hook", /localhost resolves to .* \(loopback\)/],
  ])("refuses %s and stores why", async (_name, url, detail) => {
    const { result, row, attempts } = await run(url);
    expect(result).toBe("failed");
    expect(row).toMatchObject({ status: "failed", reason: "blocked_address", attemptCount: 1 });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ outcome: "final_error", statusCode: null });
    expect(attempts[0]!.error).toMatch(detail);
  });

  it("refuses a DNS name that resolves to a private address", async () => {
    const resolve = async (host: string) => (host === "hooks.customer.example" ? [{ address: "10.0.0.7", family: 4 as const }] : []);
    const { row, attempts } = await run("https://hooks.customer.example/h", resolve);
    expect(row).toMatchObject({ status: "failed", reason: "blocked_address" });
    expect(attempts[0]!.error).toBe("Refused: hooks.customer.example resolves to 10.0.0.7 (private); WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows private addresses");
  });

  it("refuses plain http", async () => {
    const { row, attempts } = await run(`${receiver.url}/h`);
    expect(row).toMatchObject({ status: "failed", reason: "insecure_url" });
    expect(attempts[0]!.error).toBe("Refused: webhook URLs must use https (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows http)");
    expect(receiver.received).toHaveLength(0);
  });
});

describe("redirects", () => {
  beforeAll(() => {
    process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
    resetEnvCache();
  });

  it("are never followed: a 307 is a failed attempt and its target gets nothing", async () => {
    receiver.script({ status: 307, headers: { location: `${receiver.url}/internal-only` } });
    const { result, row, attempts } = await run(`${receiver.url}/hook`);
    expect(result).toBe("retry_scheduled");
    expect(row).toMatchObject({ status: "pending", lastStatusCode: 307 });
    expect(attempts[0]!.error).toBe(`Redirect 307 not followed (to ${receiver.url}/internal-only)`);
    expect(receiver.received.map((r) => r.path)).toEqual(["/hook"]);
  });
});
