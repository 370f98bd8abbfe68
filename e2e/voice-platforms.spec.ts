import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type postgres from "postgres";
import { expect, test } from "./fixtures";

const PAGE = "/settings/voice-platforms";
const SMS_TO = "+61412000777";

async function expectNoAxeViolations(page: Page) {
  // Toasts are excluded: axe measures them mid fade-in animation (partial opacity) and reports contrast.
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function demoAccountId(sql: postgres.Sql) {
  const [row] = await sql<{ id: string }[]>`
    select a.id from accounts a join memberships m on m.account_id = a.id join users u on u.id = m.user_id
    where u.email = 'owner@example.com' and m.role = 'owner' limit 1`;
  return row!.id;
}

/** A Vapi end-of-call report as Vapi sends it (shape of tests/fixtures/platforms/vapi-end-of-call-report.json). */
function vapiReport(callId: string, summary: string) {
  const ended = Date.now() - 2_000;
  const started = ended - 74_000;
  return {
    message: {
      type: "end-of-call-report",
      timestamp: ended + 1500,
      endedReason: "customer-ended-call",
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(ended).toISOString(),
      phoneNumber: { id: "pn_e2e", provider: "twilio", number: "+61290000000" },
      customer: { number: "+61412345678" },
      call: { id: callId, type: "inboundPhoneCall", status: "ended", assistantId: "asst_e2e_reception", customer: { number: "+61412345678" } },
      analysis: {
        summary,
        successEvaluation: "true",
        structuredData: { property: "14 Ocean St, Bondi", wantsCallback: true, budget: 1850000 },
      },
      artifact: {
        messages: [
          { role: "system", message: "You are the receptionist for Demo Realty.", time: started, secondsFromStart: 0 },
          { role: "bot", message: "Demo Realty, how can I help?", time: started + 800, endTime: started + 2600, secondsFromStart: 0.8, duration: 1800 },
          { role: "user", message: "Is the Bondi apartment still for sale?", time: started + 3200, endTime: started + 5600, secondsFromStart: 3.2, duration: 2400 },
          { role: "bot", message: "It is. I'll have an agent call you back today.", time: started + 6100, endTime: started + 9000, secondsFromStart: 6.1, duration: 2900 },
        ],
        transcript: "AI: Demo Realty, how can I help?\nUser: Is the Bondi apartment still for sale?\nAI: It is. I'll have an agent call you back today.",
      },
    },
  };
}

function postTo(url: string, body: unknown, secret: string) {
  return fetch(url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", "x-vapi-secret": secret } });
}

test("an owner connects Vapi in the UI, and a signed end-of-call report posted to its URL becomes a call with its SMS", async ({ page, sql, signIn }) => {
  test.setTimeout(300_000);
  const accountId = await demoAccountId(sql);
  await sql`delete from connections where account_id = ${accountId}`;
  // The demo account's SMS action for this test: other specs replace the account's actions.
  const actionId = `act_e2e_platforms_${Date.now().toString(36)}`;
  await sql`
    insert into post_call_actions (id, account_id, position, channel, destination)
    values (${actionId}, ${accountId},
      (select min(p) from generate_series(0, 9) p where p not in (select position from post_call_actions where account_id = ${accountId})),
      'sms', ${SMS_TO})`;
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  try {
    await signIn("owner@example.com");
    await page.goto("/settings");
    await page.getByRole("link", { name: /Voice platforms/ }).click();
    await expect(page.getByRole("heading", { name: "Voice platforms", level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { name: "No voice platforms connected" })).toBeVisible();
    await expectNoAxeViolations(page);

    // The add dialog, from the keyboard: errors name what is wrong, inline.
    await page.getByRole("button", { name: "Add connection" }).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Add a voice platform connection" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Add connection" }).click();
    await expect(dialog.getByText("Choose a platform: vapi, retell, bland, elevenlabs, synthflow.")).toBeVisible();
    await expect(dialog.getByText(/Name the connection/)).toBeVisible();
    await expect(dialog.getByText("Paste the secret from the platform.")).toBeVisible();
    await dialog.getByRole("radio", { name: "Vapi" }).check();
    await expect(dialog.getByLabel("Server URL secret")).toBeVisible();
    await dialog.getByLabel("Name").fill("E2E reception");
    await dialog.getByLabel("Server URL secret").fill("half a secret");
    await dialog.getByRole("button", { name: "Add connection" }).click();
    await expect(dialog.getByText(/space or line break/)).toBeVisible();
    await expect(dialog.getByLabel("Server URL secret")).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeViolations(page);

    const secret = `vapi-e2e-${Date.now().toString(36)}-Qx7`;
    await dialog.getByLabel("Server URL secret").fill(secret);
    await dialog.getByRole("button", { name: "Add connection" }).click();
    const done = page.getByRole("dialog", { name: /Now paste this URL into Vapi/ });
    await expect(done).toBeVisible();
    const url = (await done.getByTestId("new-connection-url").textContent())!;
    expect(url).toMatch(/^http:\/\/localhost:\d+\/api\/v1\/inbound\/con_[0-9a-z]{20}$/);
    await done.getByRole("button", { name: "Copy URL" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await done.getByRole("button", { name: "Done" }).click();

    const card = page.getByTestId("connection").filter({ hasText: "E2E reception" });
    await expect(card.getByTestId("connection-url")).toHaveText(url);
    await expect(card.getByTestId("connection-platform")).toHaveText("Vapi");
    await expect(card).toContainText("No events yet");
    // The secret is never on the page again.
    expect(await page.content()).not.toContain(secret);
    await card.getByRole("button", { name: "Copy URL for E2E reception" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await card.getByText("How to set up Vapi").click();
    await expect(card.getByRole("list", { name: "Setting up Vapi" })).toBeVisible();

    // A wrong secret is refused and counted; the right one stores the call.
    const refused = await postTo(url, vapiReport(`vapi-e2e-bad-${Date.now()}`, "never stored"), "not-the-secret");
    expect(refused.status).toBe(401);
    const callExternalId = `vapi-e2e-${Date.now()}`;
    const summary = `Asked whether 14 Ocean St is still for sale; wants a call back (${callExternalId}).`;
    const res = await postTo(url, vapiReport(callExternalId, summary), secret);
    expect(res.status).toBe(202);
    const { call_id } = (await res.json()) as { call_id: string };
    expect(call_id).toMatch(/^call_/);

    await page.reload();
    await expect(card).toContainText(/1 call received/);
    await expect(card).not.toContainText("No events yet");
    await expect(card).toContainText(/x-vapi-secret/);
    await expectNoAxeViolations(page);

    // The call, first in the list with its summary and platform; its page shows the platform's analysis.
    await page.goto("/calls");
    const first = page.getByTestId("call-list").getByRole("listitem").first();
    await expect(first).toContainText(summary);
    await expect(first.getByTestId("call-platform-badge")).toHaveText("Vapi");
    await first.getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/calls/${call_id}$`));
    await expect(page.getByTestId("call-summary")).toHaveText(summary);
    await expect(page.getByTestId("call-platform")).toHaveText("Vapi · E2E reception");
    await expect(page.getByText("asst_e2e_reception")).toBeVisible();
    const analysis = page.getByTestId("call-analysis");
    await expect(analysis).toContainText("Success evaluation");
    await expect(analysis).toContainText("14 Ocean St, Bondi");
    await expect(analysis).toContainText("1,850,000");
    await expect(analysis).not.toContainText("{");
    await expect(page.getByText("Is the Bondi apartment still for sale?")).toBeVisible();
    await expectNoAxeViolations(page);

    // Its SMS, in Developer Tools → Outbox (the worker sends it a moment later).
    await expect(async () => {
      await page.goto("/developers/outbox");
      await expect(page.getByRole("listitem").filter({ hasText: "to +61 412 000 777" }).filter({ hasText: "14 Ocean St" }).first()).toBeVisible({ timeout: 5000 });
    }).toPass({ timeout: 90_000 });

    // Rename, new secret (the old one stops working), delete (the URL stops working, the call stays).
    await page.goto(PAGE);
    await card.getByRole("button", { name: "Rename E2E reception" }).click();
    const rename = page.getByRole("dialog", { name: /Rename/ });
    await rename.getByLabel("Name").fill("E2E front desk");
    await rename.getByRole("button", { name: "Save name" }).click();
    const renamed = page.getByTestId("connection").filter({ hasText: "E2E front desk" });
    await expect(renamed.getByTestId("connection-name")).toHaveText("E2E front desk");

    await renamed.getByRole("button", { name: "Replace secret for E2E front desk" }).click();
    const replace = page.getByRole("dialog", { name: /Replace the secret/ });
    const newSecret = `${secret}-rotated`;
    await replace.getByLabel("Server URL secret").fill(newSecret);
    await replace.getByRole("button", { name: "Replace secret" }).click();
    await expect(replace).toBeHidden();
    expect((await postTo(url, vapiReport(`vapi-e2e-old-${Date.now()}`, "old secret"), secret)).status).toBe(401);

    await renamed.getByRole("button", { name: "Delete E2E front desk" }).click();
    const confirm = page.getByRole("dialog", { name: /Delete/ });
    await expect(confirm).toContainText("Calls already received from Vapi are kept");
    await confirm.getByRole("button", { name: "Delete connection" }).click();
    await expect(page.getByRole("heading", { name: "No voice platforms connected" })).toBeVisible();
    expect((await postTo(url, vapiReport(`vapi-e2e-gone-${Date.now()}`, "gone"), newSecret)).status).toBe(404);
    await page.goto(`/calls/${call_id}`);
    await expect(page.getByTestId("call-platform")).toHaveText("Vapi · deleted connection");

    const actions = await sql<{ action: string }[]>`
      select action from audit_log where account_id = ${accountId} and action like 'connection.%' order by id`;
    expect(actions.map((a) => a.action)).toEqual(["connection.created", "connection.renamed", "connection.secret_replaced", "connection.deleted"]);
    const [leak] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log where meta::text like ${`%${secret}%`} or target like ${`%${secret}%`}`;
    expect(leak!.n).toBe(0);
  } finally {
    await sql`delete from post_call_actions where id = ${actionId}`;
  }
});

test("a viewer sees the connections but no controls to change them", async ({ page, sql, signIn }) => {
  const accountId = await demoAccountId(sql);
  await sql`delete from connections where account_id = ${accountId}`;
  await sql`insert into connections (id, account_id, platform, name, secret_encrypted)
    values ('con_e2eviewer000000000001', ${accountId}, 'retell', 'Viewer can see', 'not-used-by-this-test')`;
  try {
    const email = `viewer-platforms-${Date.now()}@example.com`;
    const [user] = await sql<{ id: string }[]>`insert into users (id, email) values (${`u_${Date.now()}`}, ${email}) returning id`;
    await sql`insert into memberships (user_id, account_id, role) values (${user!.id}, ${accountId}, 'viewer')`;
    await signIn(email);
    await page.goto(PAGE);
    const card = page.getByTestId("connection").filter({ hasText: "Viewer can see" });
    await expect(card.getByTestId("connection-platform")).toHaveText("Retell");
    await expect(card).toContainText(/call_analyzed/);
    await expect(page.getByTestId("read-only-note")).toBeVisible();
    await expect(page.getByRole("button", { name: /Add connection|Rename|Replace|Delete/ })).toHaveCount(0);
    await expectNoAxeViolations(page);
  } finally {
    await sql`delete from connections where id = 'con_e2eviewer000000000001'`;
  }
});

/** Screenshots for review (SHOTS=1): the page empty, with two connections, the add dialog with an error, and a platform call. */
test("screenshots", async ({ page, sql, signIn }) => {
  test.skip(!process.env.SHOTS, "screenshots only when SHOTS=1");
  test.setTimeout(300_000);
  const dir = "/tmp/shots-voice-platforms";
  mkdirSync(dir, { recursive: true });
  const accountId = await demoAccountId(sql);
  await sql`delete from connections where account_id = ${accountId}`;
  await signIn("owner@example.com");
  const shoot = async (name: string, width: number, fullPage = true) => page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto(PAGE);
    await shoot("empty", width);
    await page.getByRole("button", { name: "Add connection" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("radio", { name: "Retell" }).check();
    await dialog.getByLabel("Name").fill("Sales line");
    await dialog.getByRole("textbox", { name: /API key/ }).fill("key with space");
    await dialog.getByRole("button", { name: "Add connection" }).click();
    await expect(dialog.getByText(/space or line break/)).toBeVisible();
    await shoot("add-dialog-error", width, false);
    await page.keyboard.press("Escape");
  }
  await sql`insert into connections (id, account_id, platform, name, secret_encrypted, refused_count, last_refused_at, last_refused_reason)
    values ('con_shots00000000000000a1', ${accountId}, 'vapi', 'Reception (Vapi)', 'x', 0, null, null),
           ('con_shots00000000000000b2', ${accountId}, 'retell', 'After-hours sales agent with a rather long name', 'x', 3, now() - interval '2 hours',
            'x-retell-signature does not match the connection''s API key')`;
  // A platform call with an analysis like Retell's (the e2e test above makes a Vapi one when it ran first).
  const callId = `call_shots${Date.now().toString(36)}`;
  const analysis = {
    call_summary: "Caller asked about the two-bedroom unit on Ocean St and booked an inspection for Saturday 10am.",
    user_sentiment: "Positive",
    call_successful: true,
    in_voicemail: false,
    custom_analysis_data: {
      property: "Unit 4, 14 Ocean St, Bondi",
      inspection: { day: "Saturday", time: "10:00", confirmed: true },
      interested_in: ["two bedrooms", "parking", "pets allowed"],
      budget_aud: 1850000,
      notes: "Moving from Melbourne in March; currently renting, pre-approved with their bank. Asked whether the strata fees include the building's new lift levy, which the agent could not answer on the call.",
    },
  };
  await sql`insert into calls (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number, caller_number,
      started_at, ended_at, duration_seconds, summary, transcript, connection_id, platform, platform_agent_id, analysis)
    values (${callId}, ${accountId}, ${`evt_${callId}`}, 'call_8f2e41b7c9d3a0', null, 'inbound', 'completed', null, null, null,
      now() - interval '3 minutes', now() - interval '1 minute', 120, ${analysis.call_summary},
      ${sql.json([{ role: "agent", text: "Hi, this is Demo Realty's assistant.", start_ms: 0, end_ms: 1800 }, { role: "caller", text: "Hi, about the Ocean St unit…", start_ms: 2300, end_ms: 4200 }])},
      'con_shots00000000000000b2', 'retell', 'agent_4b1c9e0d7f2a58e6', ${sql.json(analysis)})`;
  const call = { id: callId };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto(PAGE);
    await page.getByText("How to set up Retell").click();
    await shoot("two-connections", width);
    await page.goto(`/calls/${call.id}`);
    await shoot("platform-call", width);
    await page.goto("/calls");
    await shoot("calls", width, false);
  }
  await sql`delete from calls where id = ${callId}`;
  await sql`delete from connections where id in ('con_shots00000000000000a1', 'con_shots00000000000000b2')`;
});
