import { mkdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * After an endpoint outage: Developer Tools → Webhooks shows the endpoint's health (the failures of the
 * outage), one press of "Resend failed" queues what failed again with the same webhook-ids, and the
 * progress count follows them to delivered. SHOTS_DIR=<folder> also saves the page at 1280 and 390 px.
 */

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The customer's endpoint, back up after the outage: answers 200 and records what it receives. */
async function startReceiver() {
  const received: { webhookId: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      received.push({ webhookId: String(req.headers["webhook-id"]), body });
      // Slow enough that the progress shows deliveries still waiting.
      setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 300);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/aftercall`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const OUTAGE = 4;

test("after an endpoint outage, one press resends what failed with the same webhook-ids and the progress shows", async ({ page, signIn, sql }) => {
  test.setTimeout(120_000);
  const receiver = await startReceiver();
  const [account] = await sql<{ id: string }[]>`
    select a.id from accounts a join memberships m on m.account_id = a.id join users u on u.id = m.user_id
    where u.email = 'owner@example.com' and m.role = 'owner' limit 1`;
  const accountId = account!.id;
  await sql`delete from rate_limits where key = ${`webhook-recover:${accountId}`}`;
  const suffix = Date.now().toString(36);
  const actionId = `act_e2e_recover_${suffix}`;
  await sql`
    insert into post_call_actions (id, account_id, position, channel, destination, failing_since)
    values (${actionId}, ${accountId},
      (select min(p) from generate_series(0, 9) p where p not in (select position from post_call_actions where account_id = ${accountId})),
      'webhook', ${receiver.url}, now() - interval '2 hours')`;
  // The outage: the endpoint answered 503 to the webhooks of four calls until their retries ran out,
  // two hours ago. The worker then builds each webhook from its call, as for any first attempt.
  const callIds = (await sql<{ id: string }[]>`select id from calls where account_id = ${accountId} order by ended_at desc limit ${OUTAGE}`).map((c) => c.id);
  expect(callIds).toHaveLength(OUTAGE);
  const webhookIds: string[] = [];
  for (const [i, callId] of callIds.entries()) {
    const id = `dlv_e2e_recover_${suffix}_${i}`;
    const webhookId = `msg_e2e_recover_${suffix}_${i}`;
    webhookIds.push(webhookId);
    const failedAt = new Date(Date.now() - 2 * 3600_000 + i * 60_000);
    await sql`
      insert into deliveries (id, account_id, call_id, action_id, channel, destination, status, reason, message_id, attempt_count, created_at, completed_at)
      values (${id}, ${accountId}, ${callId}, ${actionId}, 'webhook', ${receiver.url}, 'failed', 'retries_exhausted', ${webhookId}, 1, ${failedAt}, ${failedAt})`;
    await sql`
      insert into delivery_attempts (delivery_id, account_id, action_id, attempt_number, started_at, latency_ms, outcome, status_code, error)
      values (${id}, ${accountId}, ${actionId}, 1, ${failedAt}, ${120 + i * 40}, 'retryable_error', 503, 'HTTP 503')`;
  }

  try {
    await signIn("owner@example.com");
    await page.goto("/developers/webhooks");
    const endpoint = page.getByTestId("endpoint").filter({ hasText: receiver.url });
    await expect(endpoint.getByRole("heading", { name: receiver.url })).toBeVisible();
    // The outage shows in its health: no success in 24 hours, the last error.
    await expect(endpoint.getByText(`0 of ${OUTAGE} attempts succeeded`).first()).toBeVisible();
    await expect(endpoint.getByText("Failing", { exact: true })).toBeVisible();
    await expect(endpoint.locator("p").filter({ hasText: "Last error:" })).toContainText("HTTP 503");
    await expectNoAxeViolations(page);
    const shots = process.env.SHOTS_DIR;
    if (shots) mkdirSync(shots, { recursive: true });
    if (shots) await endpoint.screenshot({ path: `${shots}/endpoint-before-1280.png` });

    // The since field is the account's wall-clock time, a day ago by default: press once.
    await endpoint.getByRole("button", { name: "Resend failed" }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: `${OUTAGE} queued again with their webhook-ids` })).toBeVisible();
    const progress = endpoint.getByTestId("recovery-progress");
    await expect(progress).toContainText(`${OUTAGE} queued again`);
    // It refreshes while it runs, up to every delivery delivered.
    await expect(progress).toContainText(`${OUTAGE} delivered · 0 still failing`, { timeout: 30_000 });
    await expect(progress).not.toContainText("waiting");

    expect(receiver.received.map((r) => r.webhookId).sort()).toEqual([...webhookIds].sort());
    for (const r of receiver.received) expect((JSON.parse(r.body) as { type: string }).type).toBe("call.ended");
    const audit = await sql`select meta from audit_log where account_id = ${accountId} and action = 'webhook_deliveries.recovered' order by id desc limit 1`;
    expect(audit[0]!.meta).toMatchObject({ queued: OUTAGE, more: false });

    // After a reload the page keeps the last recovery's count, and the health has recovered: the
    // first success cleared the endpoint's failing mark.
    await page.reload();
    await expect(endpoint.getByText("Receiving", { exact: true })).toBeVisible();
    await expect(endpoint.getByTestId("recovery-progress")).toContainText(`${OUTAGE} delivered`);
    await expect(endpoint.getByText(`${OUTAGE} of ${OUTAGE * 2} attempts succeeded`).first()).toBeVisible();
    await expectNoAxeViolations(page);
    if (shots) {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.goto("/developers/webhooks");
        await expect(endpoint.getByTestId("recovery-progress")).toBeVisible();
        await page.screenshot({ path: `${shots}/webhooks-${width}.png`, fullPage: true });
        await endpoint.screenshot({ path: `${shots}/endpoint-after-${width}.png` });
      }
    }

    // From the keyboard: Enter in the field submits; a time in the future is refused inline.
    await page.setViewportSize({ width: 1280, height: 900 });
    const since = endpoint.getByLabel("Resend everything that failed since");
    await since.fill("2099-01-01T09:00");
    await since.press("Enter");
    await expect(endpoint.getByText("Must not be in the future.")).toBeVisible();
    await expect(since).toHaveAttribute("aria-invalid", "true");
  } finally {
    await sql`delete from deliveries where action_id = ${actionId}`;
    await sql`delete from delivery_attempts where action_id = ${actionId}`;
    await sql`delete from post_call_actions where id = ${actionId}`;
    await receiver.close();
  }
});

test("a disabled endpoint says why and since when, and an owner re-enables it", async ({ page, signIn, sql }) => {
  const [account] = await sql<{ id: string }[]>`
    select a.id from accounts a join memberships m on m.account_id = a.id join users u on u.id = m.user_id
    where u.email = 'owner@example.com' and m.role = 'owner' limit 1`;
  const actionId = `act_e2e_disabled_${Date.now().toString(36)}`;
  const url = `https://gone-${Date.now().toString(36)}.example.com/hooks`;
  await sql`
    insert into post_call_actions (id, account_id, position, channel, destination, disabled_reason, disabled_at)
    values (${actionId}, ${account!.id},
      (select min(p) from generate_series(0, 9) p where p not in (select position from post_call_actions where account_id = ${account!.id})),
      'webhook', ${url}, 'gone', now() - interval '3 hours')`;
  try {
    await signIn("owner@example.com");
    await page.goto("/developers/webhooks");
    const endpoint = page.getByTestId("endpoint").filter({ hasText: url });
    await expect(endpoint.getByText("Disabled", { exact: true })).toBeVisible();
    await expect(endpoint.getByRole("status").first()).toContainText("Disabled since");
    await expect(endpoint.getByRole("status").first()).toContainText("it answered 410 Gone");
    await expect(endpoint.getByRole("button", { name: "Resend failed" })).toBeDisabled();
    await expectNoAxeViolations(page);
    if (process.env.SHOTS_DIR) {
      mkdirSync(process.env.SHOTS_DIR, { recursive: true });
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await endpoint.screenshot({ path: `${process.env.SHOTS_DIR}/endpoint-disabled-${width}.png` });
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    await endpoint.getByRole("button", { name: "Re-enable" }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Endpoint re-enabled" })).toBeVisible();
    await expect(endpoint.getByText("Receiving", { exact: true })).toBeVisible();
    await expect(endpoint.getByRole("button", { name: "Resend failed" })).toBeEnabled();
    const [entry] = await sql`select target from audit_log where account_id = ${account!.id} and action = 'webhook_endpoint.reenabled' order by id desc limit 1`;
    expect(entry!.target).toBe(url);
  } finally {
    await sql`delete from post_call_actions where id = ${actionId}`;
  }
});
