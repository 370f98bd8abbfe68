import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { expect, resetTestSendLimit, test } from "./fixtures";

async function expectNoAxeViolations(page: Page) {
  // Sonner's toasts fade in: axe measures their contrast mid-animation. The toaster is shared UI.
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** A customer's endpoint on 127.0.0.1: records every request, answers the scripted statuses, then `status`. */
async function startReceiver() {
  const received: { headers: Record<string, string>; body: string }[] = [];
  const script: number[] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers as Record<string, string>, body });
      const code = script.shift() ?? status;
      res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify({ answered: code }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/aftercall`,
    received,
    answer: (...codes: number[]) => script.push(...codes),
    setStatus: (code: number) => (status = code),
    /** The n-th request (1-based), once it has arrived. */
    nth: async (n: number) => {
      await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
      return received[n - 1]!;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const signatures = (headers: Record<string, string>) => headers["webhook-signature"]!.split(" ");
const verifies = (secret: string, r: { headers: Record<string, string>; body: string }) => {
  try {
    new Webhook(secret).verify(r.body, r.headers);
    return true;
  } catch {
    return false;
  }
};

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("an owner creates an API key, copies it, uses it, and revokes it", async ({ page, signIn, request }) => {
  await signIn("owner@example.com");
  await page.goto("/developers/api-keys");
  await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
  await page.getByRole("button", { name: "Create API key" }).click();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Name the key")).toBeVisible();
  await page.getByLabel("Name").fill("CRM sync");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(key).toMatch(/^ak_/);
  await page.getByRole("button", { name: "Copy key" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("cell", { name: "CRM sync" })).toBeVisible();

  const auth = { authorization: `Bearer ${key}` };
  expect((await request.get("/api/v1/webhook-deliveries", { headers: auth })).status()).toBe(200);

  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("Revoked", { exact: true })).toBeVisible();
  const refused = await request.get("/api/v1/webhook-deliveries", { headers: auth });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
});

test("the integration guide is public and its code blocks are the tested snippets", async ({ page }) => {
  const { NODE_SNIPPET, RAW_HMAC_SNIPPET } = await import("../app/docs/webhooks/snippets");
  await page.goto("/docs/webhooks");
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  expect(await page.locator('[data-snippet="node"]').textContent()).toBe(NODE_SNIPPET);
  expect(await page.locator('[data-snippet="raw-hmac"]').textContent()).toBe(RAW_HMAC_SNIPPET);
  const schema = await page.request.get("/api/v1/schemas/call.ended.json");
  expect(schema.status()).toBe(200);
  expect(((await schema.json()) as { title: string }).title).toBe("call.ended");
  const openapi = await page.request.get("/api/v1/openapi.json");
  expect(((await openapi.json()) as { openapi: string }).openapi).toBe("3.1.0");
});

test("the signing secret: reveal, copy, rotate with two signatures, revoke; a failed delivery resent after the fix", async ({ page, signIn, sql }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  const [account] = await sql<{ id: string }[]>`
    select a.id from accounts a join memberships m on m.account_id = a.id join users u on u.id = m.user_id
    where u.email = 'owner@example.com' and m.role = 'owner' limit 1`;
  // This test sends 3 test events.
  await resetTestSendLimit(sql, account!.id);
  const actionId = `act_e2e_devtools_${Date.now().toString(36)}`;
  await sql`
    insert into post_call_actions (id, account_id, position, channel, destination)
    values (${actionId}, ${account!.id},
      (select min(p) from generate_series(0, 9) p where p not in (select position from post_call_actions where account_id = ${account!.id})),
      'webhook', ${receiver.url})`;
  try {
    await signIn("owner@example.com");
    await page.goto("/developers/webhooks");
    const secretBox = page.getByTestId("current-secret");
    await expect(secretBox).toHaveText(/^whsec_•{8}[A-Za-z0-9+/=]{4}$/);
    const lastFour = (await secretBox.textContent())!.slice(-4);
    await expectNoAxeViolations(page);

    // Reveal shows it in place; Hide masks it again.
    await page.getByRole("button", { name: "Reveal" }).click();
    await expect(secretBox).toHaveText(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/);
    const oldSecret = (await secretBox.textContent())!;
    expect(oldSecret.endsWith(lastFour)).toBe(true);
    await page.getByRole("button", { name: "Hide" }).click();
    await expect(secretBox).toHaveText(`whsec_••••••••${lastFour}`);

    // Copy puts it on the clipboard without showing it.
    await page.getByRole("button", { name: "Copy", exact: true }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(oldSecret);
    await expect(secretBox).toHaveText(`whsec_••••••••${lastFour}`);
    const activity = page.getByRole("list", { name: "Secret activity" });
    await expect(activity.getByRole("listitem").filter({ hasText: "Copied the secret" }).first()).toContainText("owner@example.com");
    await expect(activity.getByRole("listitem").filter({ hasText: "Revealed the secret" }).first()).toBeVisible();

    // Rotate: both secrets are shown, and both sign the next delivery.
    await page.getByRole("button", { name: "Rotate" }).click();
    await expect(page.getByRole("dialog")).toContainText(`Only the newest two secrets ever sign. whsec_••••••••${lastFour} becomes the previous secret.`);
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await expect(page.getByTestId("previous-secret")).toContainText(`whsec_••••••••${lastFour}`);
    await expect(page.getByTestId("previous-secret")).toContainText("signing until");
    await page.getByRole("button", { name: "Reveal" }).click();
    await expect(secretBox).not.toHaveText(/•/);
    const newSecret = (await secretBox.textContent())!;
    expect(newSecret).not.toBe(oldSecret);
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Test event queued for 1 endpoint" })).toBeVisible();
    const during = await receiver.nth(1);
    expect(signatures(during.headers)).toHaveLength(2);
    expect(verifies(newSecret, during)).toBe(true);
    expect(verifies(oldSecret, during)).toBe(true);
    expect((JSON.parse(during.body) as { test: boolean }).test).toBe(true);

    // Revoke previous: one signature, the old secret no longer verifies.
    await page.getByTestId("previous-secret").getByRole("button", { name: "Revoke previous" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke previous" }).click();
    await expect(page.getByTestId("previous-secret")).toHaveCount(0);
    await expect(activity.getByRole("listitem").filter({ hasText: "Revoked the previous secret" }).first()).toBeVisible();
    await page.getByRole("button", { name: "Send test event" }).click();
    const after = await receiver.nth(2);
    expect(signatures(after.headers)).toHaveLength(1);
    expect(verifies(newSecret, after)).toBe(true);
    expect(verifies(oldSecret, after)).toBe(false);

    // The endpoint breaks: a 500 (retried in seconds), then a 410 ends the test delivery as failed.
    receiver.answer(500, 410);
    await page.goto("/developers/webhooks/deliveries");
    await page.getByRole("button", { name: "Send test event" }).click();
    const first = await receiver.nth(3);
    const second = await receiver.nth(4);
    expect(second.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    await page.goto("/developers/webhooks/deliveries?status=failed");
    await expect(page.getByRole("row").filter({ hasText: "410" }).first()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("row").filter({ hasText: "410" }).first().getByRole("link", { name: "call.ended" }).click();
    await expect(page.getByTestId("webhook-id")).toHaveText(first.headers["webhook-id"]!);
    await expect(page.getByText("Attempt 2")).toBeVisible();
    await expectNoAxeViolations(page);

    // Fixed: Resend delivers the same webhook-id, and the delivery turns Sent.
    receiver.setStatus(200);
    await page.getByRole("button", { name: "Resend" }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: "same webhook-id" })).toBeVisible();
    const resent = await receiver.nth(5);
    expect(resent.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(resent.body).toBe(first.body);
    expect(verifies(newSecret, resent)).toBe(true);
    await expect(async () => {
      await page.reload();
      await expect(page.getByText("Attempt 3")).toBeVisible({ timeout: 1_000 });
      await expect(page.getByRole("heading", { level: 2 }).filter({ hasText: "call.ended" })).toContainText("Sent", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  } finally {
    await sql`delete from post_call_actions where id = ${actionId}`;
    await receiver.close();
  }
});

test("a viewer sees the masked secret and its activity, with no way to reveal, copy, rotate or send", async ({ page, signIn, sql }) => {
  const email = `viewer-devtools-${Date.now().toString(36)}@example.com`;
  const [account] = await sql<{ id: string }[]>`
    select a.id from accounts a join memberships m on m.account_id = a.id join users u on u.id = m.user_id
    where u.email = 'owner@example.com' and m.role = 'owner' limit 1`;
  const [user] = await sql<{ id: string }[]>`insert into users (id, email) values (${crypto.randomUUID()}, ${email}) returning id`;
  await sql`insert into memberships (user_id, account_id, role) values (${user!.id}, ${account!.id}, 'viewer')`;
  try {
    await signIn(email);
    await page.goto("/developers/webhooks");
    await expect(page.getByTestId("current-secret")).toHaveText(/^whsec_•{8}.{4}$/);
    await expect(page.getByText("Owners and developers can reveal, copy and rotate the secret.")).toBeVisible();
    for (const name of ["Reveal", "Copy", "Rotate", "Revoke previous", "Send test event"]) {
      await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
    }
    // The page source carries no plaintext secret, only the last four characters.
    expect(await page.content()).not.toMatch(/whsec_[A-Za-z0-9+/]{20,}/);
    await expectNoAxeViolations(page);
  } finally {
    await sql`delete from users where id = ${user!.id}`;
  }
});
