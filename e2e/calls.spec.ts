import AxeBuilder from "@axe-core/playwright";
import { Webhook } from "standardwebhooks";
import { E2E_ENV, E2E_URL } from "./env";
import { expect, test } from "./fixtures";

async function expectNoAxeViolations(page: import("@playwright/test").Page) {
  // Toasts are excluded: axe measures them mid fade-in animation (partial opacity) and reports contrast.
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Posts a call-end event to the e2e server the way the platform does, signed by the official package. */
async function postEvent(data: Record<string, unknown>, id = `evt_e2e_${Date.now()}_${Math.random().toString(36).slice(2)}`) {
  const body = JSON.stringify({ type: "call.ended", data });
  const now = new Date();
  const signature = new Webhook(E2E_ENV.TELEPHONY_WEBHOOK_SECRET!).sign(id, now, body);
  return fetch(`${E2E_URL}/api/v1/call-events`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signature,
    },
  });
}

test("the demo owner lists calls, filters them, and reads a call's transcript", async ({ page, signIn }) => {
  await signIn("owner@example.com");
  await page.goto("/calls");
  await expect(page.getByRole("heading", { name: "Calls", level: 1 })).toBeVisible();
  const rows = page.getByTestId("call-list").getByRole("listitem");
  await expect(rows).toHaveCount(25);
  await expectNoAxeViolations(page);

  // Keyset pagination: the next page holds the rest of the 36 sample calls.
  await page.getByRole("link", { name: "Older calls" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(rows).toHaveCount(11);
  await page.getByRole("link", { name: "Back to newest" }).click();

  await page.getByLabel("Status").selectOption("completed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=completed/);
  // Wait for the filtered list itself (the URL changes before the new page is in), then check every row.
  await expect(page.getByLabel("Status")).toHaveValue("completed");
  await expect(rows.first()).toBeVisible();
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) await expect(rows.nth(i)).toContainText("Completed");

  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/calls\/call_/);
  await expect(page.getByRole("heading", { name: "Transcript" })).toBeVisible();
  await expect(page.getByTestId("transcript").getByRole("listitem").first()).toContainText("Agent");
  await expect(page.getByText("Direction")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a signed call-end event posted to the server appears first in the list, and a redelivery adds nothing", async ({ page, signIn, sql }) => {
  const callId = `CA-e2e-${Date.now()}`;
  const now = Date.now();
  const data = {
    call_id: callId,
    to: "+61290000000",
    from: "+61498765432",
    direction: "inbound",
    status: "completed",
    started_at: new Date(now - 75_000).toISOString(),
    ended_at: new Date(now - 1000).toISOString(),
    contact_name: "Zoë E2E 🏡",
    summary: "Asked about the open home on Saturday — wants a call back.",
    transcript: [
      { role: "agent", text: "Demo Realty, how can I help?", start_ms: 0, end_ms: 1800 },
      { role: "caller", text: "Is Saturday's open home still on?", start_ms: 2200, end_ms: 4300 },
    ],
    recording_url: "https://recordings.example.com/e2e.mp3",
  };
  const res = await postEvent(data, `evt_${callId}`);
  expect(res.status).toBe(202);
  const { call_id } = (await res.json()) as { call_id: string };
  const again = await postEvent(data, `evt_${callId}`);
  expect(again.status).toBe(200);
  expect(await again.json()).toEqual({ call_id });
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from calls where external_id = ${callId}`;
  expect(row!.n).toBe(1);

  await signIn("owner@example.com");
  await page.goto("/calls");
  const first = page.getByTestId("call-list").getByRole("listitem").first();
  await expect(first).toContainText("Zoë E2E 🏡");
  await expect(first).toContainText("from the call");
  await first.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/calls/${call_id}$`));
  await expect(page.getByRole("heading", { name: "Zoë E2E 🏡", level: 1 })).toBeVisible();
  await expect(page.getByTestId("call-summary")).toHaveText(data.summary);
  await expect(page.getByText("Is Saturday's open home still on?")).toBeVisible();

  // The recording link redirects; once the owner deletes the recording it answers 410.
  const src = await page.locator("audio").getAttribute("src");
  expect(src).toMatch(/^\/r\//);
  const before = await fetch(`${E2E_URL}${src}`, { redirect: "manual" });
  expect(before.status).toBe(302);
  await page.getByRole("button", { name: "Delete recording" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete recording" }).click();
  await expect(page.getByText(/Recording deleted/)).toBeVisible();
  await expect(page.getByText(/Its links no longer work/).first()).toBeVisible();
  const after = await fetch(`${E2E_URL}${src}`, { redirect: "manual" });
  expect(after.status).toBe(410);

  // Another account's call id is not found. (The status stays 200 because the loading skeleton has
  // already streamed; the page is the not-found page all the same.)
  const stamp = Date.now();
  await sql`insert into accounts (id, name) values (${`acc_x_${stamp}`}, 'Elsewhere')`;
  await sql`insert into calls (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number,
    started_at, ended_at, duration_seconds) values (${`call_x_${stamp}`}, ${`acc_x_${stamp}`}, ${`evt_x_${stamp}`}, 'CAx',
    '+61290008000', 'inbound', 'completed', '+61412345678', '+61290008000', now(), now(), 0)`;
  await page.goto(`/calls/call_x_${stamp}`);
  await expect(page.getByRole("heading", { name: "Call not found" })).toBeVisible();
  await expect(page.getByText("+61 412 345 678")).toHaveCount(0);
});

test("an owner adds and removes an agent number; another account's number gets a clear error", async ({ page, signIn, sql }) => {
  const [acc] = await sql<{ id: string }[]>`insert into accounts (id, name) values (${`acc_e2e_${Date.now()}`}, 'Other Co') returning id`;
  await sql`insert into agent_numbers (id, account_id, e164) values (${`num_e2e_${Date.now()}`}, ${acc!.id}, '+61290009999')`;

  await signIn("owner@example.com");
  await page.goto("/settings");
  await page.getByRole("link", { name: "Phone numbers" }).first().click();
  await expect(page.getByRole("heading", { name: "Phone numbers", level: 1 })).toBeVisible();

  await page.getByLabel("Phone number", { exact: true }).fill("(02) 9000 1234");
  await page.getByLabel("Label (optional)").fill("Sales");
  await page.getByRole("button", { name: "Add number" }).click();
  await expect(page.getByTestId("agent-numbers")).toContainText("+61 2 9000 1234");

  await page.getByLabel("Phone number", { exact: true }).fill("02 9000 9999");
  await page.getByRole("button", { name: "Add number" }).click();
  await expect(page.getByText(/used by another Aftercall account/)).toBeVisible();

  await page.getByLabel("Phone number", { exact: true }).fill("12");
  await page.getByRole("button", { name: "Add number" }).click();
  await expect(page.getByText(/not a valid phone number/)).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Remove +61 2 9000 1234" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove number" }).click();
  await expect(page.getByTestId("agent-numbers")).not.toContainText("+61 2 9000 1234");
  const [audit] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where action like 'agent_number.%'`;
  expect(audit!.n).toBe(2);
});

test("a viewer reads calls and phone numbers but gets no controls to change them", async ({ page, signIn, sql }) => {
  const email = `viewer-${Date.now()}@example.com`;
  const [user] = await sql<{ id: string }[]>`insert into users (id, email) values (${`u_${Date.now()}`}, ${email}) returning id`;
  await sql`insert into memberships (user_id, account_id, role)
    select ${user!.id}, account_id, 'viewer' from agent_numbers where e164 = '+61290000000'`;
  await signIn(email);

  await page.goto("/settings/phone-numbers");
  await expect(page.getByTestId("agent-numbers")).toContainText("+61 2 9000 0000");
  await expect(page.getByText("Owners and developers can add and remove them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add number" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove/ })).toHaveCount(0);

  const [call] = await sql<{ id: string }[]>`
    select id from calls where recording_url is not null and recording_deleted_at is null order by ended_at desc limit 1`;
  await page.goto(`/calls/${call!.id}`);
  await expect(page.locator("audio")).toBeAttached();
  await expect(page.getByRole("button", { name: "Delete recording" })).toHaveCount(0);
});
