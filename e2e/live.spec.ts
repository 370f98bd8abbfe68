import { execFile } from "node:child_process";
import { createServer, type ServerResponse } from "node:http";
import { mkdirSync } from "node:fs";
import { promisify } from "node:util";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type postgres from "postgres";
import { Webhook } from "standardwebhooks";
import { newId } from "@/lib/ids";
import { E2E_ENV, E2E_URL } from "./env";
import { expect, test } from "./fixtures";

/**
 * The live dashboard: pages that stay open while calls arrive and deliveries move on, with no reload.
 * Each test works in a workspace of its own (a new user's), so the demo account's calls and actions
 * are left as the other specs expect them.
 */

const SHOTS = process.env.LIVE_SHOTS_DIR ?? "/work/shots/live";
/** A webhook receiver that holds each request until the test lets it answer (port within the e2e range). */
const RECEIVER_PORT = Number(process.env.E2E_RECEIVER_PORT ?? 3242);

async function newWorkspace(sql: postgres.Sql, email: string) {
  const [row] = await sql<{ account_id: string }[]>`
    select m.account_id from memberships m join users u on u.id = m.user_id where u.email = ${email} limit 1`;
  const agentNumber = `+6129${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  await sql`insert into agent_numbers (id, account_id, e164) values (${newId("num")}, ${row!.account_id}, ${agentNumber})`;
  return { accountId: row!.account_id, agentNumber };
}

/** A page-lifetime marker: still there afterwards means the page was never reloaded. */
async function markPage(page: Page) {
  await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
}
async function expectNotReloaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
}

async function postEvent(agentNumber: string) {
  const id = `evt_live_${Date.now()}_${Math.random().toString(36).slice(2)}`;
  const now = Date.now();
  const body = JSON.stringify({
    type: "call.ended",
    data: {
      call_id: `CA-live-${now}`,
      to: agentNumber,
      from: "+61491570006",
      direction: "inbound",
      status: "completed",
      started_at: new Date(now - 60_000).toISOString(),
      ended_at: new Date(now).toISOString(), // after the simulator's (it ends its calls "now"): on top
      contact_name: "Live Caller",
      summary: "Wants to know if the unit on Smith St is still available.",
    },
  });
  const signature = new Webhook(E2E_ENV.TELEPHONY_WEBHOOK_SECRET!).sign(id, new Date(now), body);
  const res = await fetch(`${E2E_URL}/api/v1/call-events`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(now / 1000)), "webhook-signature": signature },
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { call_id: string }).call_id;
}

test("a call sent with npm run simulate appears at the top of the open calls list, without a reload", async ({ page, signIn, sql }) => {
  const email = `live-list-${Date.now()}@example.com`;
  await signIn(email);
  const { agentNumber } = await newWorkspace(sql, email);
  await page.goto("/calls");
  await expect(page.getByRole("heading", { name: "No calls yet" })).toBeVisible();
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
  await markPage(page);

  // The simulator, as a developer runs it against their server: a signed call-end event.
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "simulate", "--", "--to", agentNumber, "--url", E2E_URL], {
    env: { ...process.env, ...E2E_ENV, NODE_ENV: "development", DATABASE_URL: "" },
    timeout: 60_000,
  });
  const callId = /\b20[02] (call_[A-Za-z0-9_-]+)/.exec(stdout)?.[1];
  expect(callId, stdout).toBeTruthy();

  const rows = page.getByTestId("call-list").getByRole("listitem");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByRole("link")).toHaveAttribute("href", `/calls/${callId}`);
  // A second one goes on top of it.
  const second = await postEvent(agentNumber);
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByRole("link")).toHaveAttribute("href", `/calls/${second}`);
  await expectNotReloaded(page);

  const axe = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: `${SHOTS}/calls-live-${width}.png`, fullPage: true });
  }
});

test("a delivery's status changes on the open call page and delivery log, without a reload", async ({ page, signIn, sql }) => {
  const email = `live-call-${Date.now()}@example.com`;
  await signIn(email);
  const { accountId, agentNumber } = await newWorkspace(sql, email);

  // Every webhook waits here until released: the page sees it pending first, then sent.
  const held: ServerResponse[] = [];
  const receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => held.push(res));
  });
  await new Promise<void>((resolve) => receiver.listen(RECEIVER_PORT, "127.0.0.1", resolve));
  const release = () => {
    for (const res of held.splice(0)) res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  };
  try {
    await sql`insert into post_call_actions (id, account_id, position, channel, destination)
              values (${newId("act")}, ${accountId}, 0, 'webhook', ${`http://127.0.0.1:${RECEIVER_PORT}/hook`})`;

    const callId = await postEvent(agentNumber);
    await expect.poll(() => held.length, { timeout: 15_000 }).toBe(1);
    await page.goto(`/calls/${callId}`);
    const status = page.getByTestId("deliveries").getByTestId("action-result");
    await expect(status).toHaveText("Pending");
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
    await markPage(page);
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.screenshot({ path: `${SHOTS}/call-page-pending-${width}.png`, fullPage: true });
    }
    release();
    await expect(status).toHaveText("Sent");
    await expect(page.getByRole("list", { name: "Webhook attempts" })).toContainText("succeeded");
    await expectNotReloaded(page);

    // The delivery log: a new call's webhook appears, pending, then sent.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto("/developers/webhooks/deliveries");
    const logRows = page.getByRole("row");
    await expect(logRows).toHaveCount(2); // the header and the first call's delivery
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-status", "live");
    await markPage(page);
    await postEvent(agentNumber);
    await expect(logRows).toHaveCount(3);
    await expect(logRows.nth(1)).toContainText("Pending");
    await expect.poll(() => held.length, { timeout: 15_000 }).toBe(1);
    release();
    await expect(logRows.nth(1)).toContainText("Sent");
    await expectNotReloaded(page);
    await page.screenshot({ path: `${SHOTS}/delivery-log-1280.png`, fullPage: true });
  } finally {
    release();
    await new Promise((resolve) => receiver.close(resolve));
  }
});

test("the live stream needs a session and is bounded per workspace", async ({ page, signIn, sql }) => {
  // Without a session: a 401 problem, not a redirect to the sign-in page.
  const anonymous = await fetch(`${E2E_URL}/api/dashboard/events`);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("content-type")).toContain("application/problem+json");

  const email = `live-bound-${Date.now()}@example.com`;
  await signIn(email);
  await newWorkspace(sql, email);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const open: AbortController[] = [];
  try {
    const statuses: number[] = [];
    // Held, not just read: an unreferenced response's body is collected, and its stream closed with it.
    const responses: Response[] = [];
    for (let i = 0; i < 21; i++) {
      const abort = new AbortController();
      open.push(abort);
      const res = await fetch(`${E2E_URL}/api/dashboard/events`, { headers: { cookie }, signal: abort.signal });
      responses.push(res);
      statuses.push(res.status);
      if (res.status === 200) expect(res.headers.get("content-type")).toContain("text/event-stream");
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
    expect(statuses[20]).toBe(429);
    expect(responses).toHaveLength(21);
  } finally {
    for (const a of open) a.abort();
  }
  // Closed streams free their places.
  await expect
    .poll(async () => {
      const abort = new AbortController();
      const res = await fetch(`${E2E_URL}/api/dashboard/events`, { headers: { cookie }, signal: abort.signal });
      abort.abort();
      return res.status;
    })
    .toBe(200);
});
