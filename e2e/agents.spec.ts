import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type postgres from "postgres";
import { Webhook } from "standardwebhooks";
import { simulatedEvent } from "@/scripts/lib/simulated-event";
import { E2E_ENV, E2E_URL } from "./env";
import { expect, test } from "./fixtures";

const RENTALS = "+61290000077";
const RENTALS_SHOWN = "+61 2 9000 0077";
const SMS_TO = "+61412000555";

async function expectNoAxeViolations(page: Page) {
  // Toasts are excluded: axe measures them mid fade-in animation (partial opacity) and reports contrast.
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function demoAccountId(sql: postgres.Sql) {
  const [row] = await sql<{ account_id: string }[]>`select account_id from agent_numbers where e164 = '+61290000000'`;
  return row!.account_id;
}

/** Completed calls of the last 30 days (what an SMS with default conditions runs for), of one agent or all. */
async function completedCalls(sql: postgres.Sql, accountId: string, agentId?: string) {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from calls
     where account_id = ${accountId} and status = 'completed' and ended_at > now() - interval '30 days'
       and (${agentId ?? null}::text is null or agent_id = ${agentId ?? null})`;
  return row!.n;
}

/**
 * A second agent number whose calls arrive through the real signed endpoint: its agent appears by
 * itself with the first call. Returns that agent's id.
 */
async function rentalsLineWithCalls(sql: postgres.Sql, accountId: string) {
  await sql`delete from post_call_actions where account_id = ${accountId}`;
  await sql`insert into agent_numbers (id, account_id, e164) values ('num_e2eagentsrentals0001', ${accountId}, ${RENTALS}) on conflict do nothing`;
  const [existing] = await sql<{ id: string }[]>`select id from agents where account_id = ${accountId} and number = ${RENTALS}`;
  if (!existing) {
    const seed = Date.now() % 1_000_000_007;
    // Enough calls that some are completed, whatever the sample's mix of statuses.
    for (let i = 0; i < 6; i++) {
      const event = simulatedEvent({ to: RENTALS, index: i, seed, secret: E2E_ENV.TELEPHONY_WEBHOOK_SECRET! });
      const res = await fetch(`${E2E_URL}/api/v1/call-events`, { method: "POST", headers: event.headers, body: event.body });
      expect(res.status).toBe(202);
    }
  }
  const [agent] = await sql<{ id: string; name: string | null }[]>`select id, name from agents where account_id = ${accountId} and number = ${RENTALS}`;
  expect(agent).toBeTruthy();
  await sql`update agents set name = null where id = ${agent!.id}`;
  return agent!.id;
}

/**
 * These tests send calls to the demo workspace, which later specs count (its calls, its balance):
 * afterwards they leave it as they found it — their calls, contacts, charges, actions and the second
 * agent number removed, the balance restored.
 */
let before: { accountId: string; balance: number; ledgerId: number; at: Date } | null = null;
test.beforeEach(async ({ sql }) => {
  const accountId = await demoAccountId(sql);
  const [row] = await sql<{ balance: number; ledger_id: number; at: Date }[]>`
    select a.credit_balance as balance, coalesce((select max(id) from credit_ledger), 0)::int as ledger_id, now() as at
      from accounts a where a.id = ${accountId}`;
  before = { accountId, balance: row!.balance, ledgerId: row!.ledger_id, at: row!.at };
});
test.afterEach(async ({ sql }) => {
  if (!before) return;
  const { accountId, balance, ledgerId, at } = before;
  await sql.begin(async (tx) => {
    await tx`delete from post_call_actions where account_id = ${accountId}`;
    await tx`delete from calls where account_id = ${accountId} and created_at >= ${at}`;
    await tx`delete from calls where account_id = ${accountId} and to_number = ${RENTALS}`;
    await tx`delete from contacts where account_id = ${accountId} and created_at >= ${at}`;
    await tx`delete from credit_ledger where account_id = ${accountId} and id > ${ledgerId}`;
    await tx`update accounts set credit_balance = ${balance} where id = ${accountId}`;
    await tx`delete from agents where account_id = ${accountId} and (number = ${RENTALS} or platform is not null and id like 'agt_e2eshots%')`;
    await tx`delete from agent_numbers where account_id = ${accountId} and e164 = ${RENTALS}`;
  });
  before = null;
});

test("an owner names an agent, routes the SMS action to it, and the cost preview counts only that agent's calls", async ({ page, sql, signIn }) => {
  const accountId = await demoAccountId(sql);
  const rentalsId = await rentalsLineWithCalls(sql, accountId);
  const all = await completedCalls(sql, accountId);
  const rentals = await completedCalls(sql, accountId, rentalsId);
  expect(rentals).toBeGreaterThan(0);
  expect(rentals).toBeLessThan(all);

  await signIn("owner@example.com");

  // Settings → Agents lists the new agent by its number; rename it from the keyboard.
  await page.goto("/settings/agents");
  await expect(page.getByRole("heading", { name: "Agents", level: 1 })).toBeVisible();
  // By its calls link, which stays put while the name changes.
  const row = page.getByTestId("agent-row").filter({ has: page.locator(`a[href="/calls?agent=${rentalsId}"]`) });
  await expect(row.getByTestId("agent-name")).toHaveText(RENTALS_SHOWN);
  await expectNoAxeViolations(page);
  await row.getByRole("button", { name: `Rename ${RENTALS_SHOWN}` }).focus();
  await page.keyboard.press("Enter");
  const field = row.getByRole("textbox", { name: "Name" });
  await expect(field).toBeFocused();
  await page.keyboard.type("x".repeat(61));
  await page.keyboard.press("Enter");
  await expect(row.getByRole("alert")).toHaveText(/under 60 characters/);
  await field.fill("Rentals line");
  await page.keyboard.press("Enter");
  await expect(row.getByTestId("agent-name")).toHaveText("Rentals line");
  await expect(row.getByRole("button", { name: "Rename Rentals line" })).toBeFocused();
  const [named] = await sql<{ name: string }[]>`select name from agents where id = ${rentalsId}`;
  expect(named!.name).toBe("Rentals line");

  // An SMS for every agent counts every completed call; routed to the Rentals line, only its calls.
  await page.goto("/settings/post-call-actions");
  await page.getByRole("button", { name: "Add action" }).click();
  let dialog = page.getByRole("dialog", { name: "Add a post-call action" });
  await dialog.locator("#action-to").fill(SMS_TO);
  await expect(dialog.getByRole("radio", { name: "Every agent" })).toBeChecked();
  await dialog.getByRole("button", { name: "Add to list" }).click();
  await expect(page.getByTestId("matched-calls")).toHaveText(all.toLocaleString("en"));

  await page.getByRole("button", { name: /^Edit SMS/ }).click();
  dialog = page.getByRole("dialog", { name: "Edit action" });
  await dialog.getByRole("radio", { name: "Chosen agents" }).check();
  // Chosen agents with none ticked is refused, not saved as "every agent".
  await dialog.getByRole("button", { name: "Update action" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Tick at least one agent, or choose Every agent.");
  await dialog.getByRole("checkbox", { name: /Rentals line/ }).check();
  await expectNoAxeViolations(page);
  await dialog.getByRole("button", { name: "Update action" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("matched-calls")).toHaveText(rentals.toLocaleString("en"));
  await expect(page.getByTestId("monthly-credits")).toHaveText((rentals * 10).toLocaleString("en"));
  await expect(page.getByTestId("action-card")).toContainText("taken by Rentals line");

  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Post-call actions saved")).toBeVisible();
  const [saved] = await sql<{ agent_ids: string[] }[]>`select agent_ids from post_call_actions where account_id = ${accountId}`;
  expect(saved!.agent_ids).toEqual([rentalsId]);
  await page.reload();
  await expect(page.getByTestId("matched-calls")).toHaveText(rentals.toLocaleString("en"));

  // A call to each number: only the Rentals line's gets the SMS.
  const seed = (Date.now() + 7) % 1_000_000_007;
  const sent: Record<string, string> = {};
  for (const to of [RENTALS, "+61290000000"]) {
    // index 0 of the sample is a completed call.
    const event = simulatedEvent({ to, index: 0, seed, secret: E2E_ENV.TELEPHONY_WEBHOOK_SECRET! });
    const res = await fetch(`${E2E_URL}/api/v1/call-events`, { method: "POST", headers: event.headers, body: event.body });
    expect(res.status).toBe(202);
    sent[to] = ((await res.json()) as { call_id: string }).call_id;
  }
  const deliveries = await sql<{ call_id: string }[]>`select call_id from deliveries where call_id in ${sql(Object.values(sent))}`;
  const statuses = await sql<{ id: string; status: string }[]>`select id, status from calls where id in ${sql(Object.values(sent))}`;
  const completedRentals = statuses.find((c) => c.id === sent[RENTALS])?.status === "completed";
  expect(deliveries.map((d) => d.call_id)).toEqual(completedRentals ? [sent[RENTALS]] : []);

  // The calls list filters by agent, and the call page names it.
  await page.goto("/calls");
  await page.getByLabel("Agent").selectOption({ label: "Rentals line" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(new RegExp(`agent=${rentalsId}`));
  const [ofRentals] = await sql<{ n: number }[]>`select count(*)::int as n from calls where agent_id = ${rentalsId}`;
  await expect(page.getByTestId("call-list").getByRole("listitem")).toHaveCount(Math.min(ofRentals!.n, 25));
  await expect(page.getByTestId("call-list-agent").first()).toHaveText("Rentals line");
  await page.getByTestId("call-list").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/calls\/call_/);
  await expect(page.getByTestId("call-agent")).toHaveText("Rentals line");
  await expectNoAxeViolations(page);

  // The overview for one agent.
  await page.goto(`/?agent=${rentalsId}`);
  await expect(page.getByText(/Rentals line's calls/)).toBeVisible();
  await expectNoAxeViolations(page);

  await sql`delete from post_call_actions where account_id = ${accountId}`;
});

/** A completed call to an agent number, signed the way the platform signs it; returns the stored call's id. */
async function completedCallTo(agentNumber: string, contactName: string, summary: string) {
  const id = `evt_route_${Date.now()}_${Math.random().toString(36).slice(2)}`;
  const now = new Date();
  const body = JSON.stringify({
    type: "call.ended",
    data: {
      call_id: `CA_route_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`,
      to: agentNumber,
      from: `+614${String(Date.now()).slice(-8)}`,
      direction: "inbound",
      status: "completed",
      started_at: new Date(now.getTime() - 95_000).toISOString(),
      ended_at: new Date(now.getTime() - 5_000).toISOString(),
      contact_name: contactName,
      summary,
    },
  });
  const res = await fetch(`${E2E_URL}/api/v1/call-events`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(E2E_ENV.TELEPHONY_WEBHOOK_SECRET!).sign(id, now, body),
    },
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { call_id: string }).call_id;
}

test("two named agents, an SMS routed to one in the owner's own words: one call to each, exactly one SMS, as written", async ({ page, sql, signIn }) => {
  const accountId = await demoAccountId(sql);
  const rentalsId = await rentalsLineWithCalls(sql, accountId);
  const smsTo = "+61412000556";
  await signIn("owner@example.com");

  // Both agents named: the demo's number is "Main line"; the second is named here.
  await page.goto("/settings/agents");
  const row = page.getByTestId("agent-row").filter({ has: page.locator(`a[href="/calls?agent=${rentalsId}"]`) });
  await row.getByRole("button", { name: `Rename ${RENTALS_SHOWN}` }).click();
  await row.getByRole("textbox", { name: "Name" }).fill("Rentals line");
  await page.keyboard.press("Enter");
  await expect(row.getByTestId("agent-name")).toHaveText("Rentals line");
  await expect(page.getByTestId("agent-row").filter({ hasText: "Main line" })).toHaveCount(1);

  // One SMS action, for the Rentals line only, with its own words.
  await page.goto("/settings/post-call-actions");
  await page.getByRole("button", { name: "Add action" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a post-call action" });
  await dialog.locator("#action-to").fill(smsTo);
  await dialog.getByRole("radio", { name: "Chosen agents" }).check();
  await dialog.getByRole("checkbox", { name: /Rentals line/ }).check();
  await dialog.getByLabel("SMS text").fill("{{agent}}: {{contact_name}} called. {{summary}}");
  await dialog.getByRole("button", { name: "Add to list" }).click();
  await expect(dialog).toBeHidden();
  // The cost preview said what it would cost before saving: only the Rentals line's calls.
  const rentals = await completedCalls(sql, accountId, rentalsId);
  await expect(page.getByTestId("matched-calls")).toHaveText(rentals.toLocaleString("en"));
  await expect(page.getByTestId("monthly-credits")).toHaveText((rentals * 10).toLocaleString("en"));
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Post-call actions saved")).toBeVisible();

  // A completed call for each agent: the outbox holds exactly one SMS, the routed agent's, in the template's words.
  const since = new Date(Date.now() - 1000);
  const rentalsCall = await completedCallTo(RENTALS, "Robin", "Wants to rent the unit on Smith St.");
  const mainCall = await completedCallTo("+61290000000", "Sam", "Wants an appraisal.");
  const smsBodies = async () =>
    (await sql<{ body_text: string }[]>`select body_text from outbox where to_address = ${smsTo} and created_at >= ${since}`).map((r) => r.body_text);
  await expect.poll(smsBodies, { timeout: 20_000 }).toEqual(["Rentals line: Robin called. Wants to rent the unit on Smith St."]);
  const deliveries = await sql<{ call_id: string; channel: string }[]>`select call_id, channel from deliveries where call_id in (${rentalsCall}, ${mainCall})`;
  expect(deliveries).toEqual([{ call_id: rentalsCall, channel: "sms" }]);

  await sql`delete from post_call_actions where account_id = ${accountId}`;
});

/** Screenshots for review (SHOTS=1) of the pages agents changed, at 1280 and 390 wide. */
test("screenshots", async ({ page, sql, signIn }) => {
  test.skip(!process.env.SHOTS, "screenshots only when SHOTS=1");
  test.setTimeout(300_000);
  const dir = process.env.SHOTS_DIR ?? "/tmp/shots-agents";
  mkdirSync(dir, { recursive: true });
  const accountId = await demoAccountId(sql);
  const rentalsId = await rentalsLineWithCalls(sql, accountId);
  await sql`update agents set name = 'Rentals line' where id = ${rentalsId}`;
  await sql`insert into agents (id, account_id, platform, platform_agent_id, number)
    values ('agt_e2eshotsvapi000000001', ${accountId}, 'vapi', '5b0a4c8e-1f7a-4d2b-9c33-2a8f6e1d7b90', null) on conflict do nothing`;
  await signIn("owner@example.com");
  const shoot = async (name: string, width: number, fullPage = true) => page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto("/settings/agents");
    await shoot("settings-agents", width);
    await page.getByRole("button", { name: "Rename Rentals line" }).click();
    await shoot("settings-agents-rename", width, false);
    await page.goto("/settings");
    await shoot("settings", width, false);
    await page.goto("/settings/post-call-actions");
    await page.getByRole("button", { name: "Add action" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a post-call action" });
    await dialog.locator("#action-to").fill(SMS_TO);
    await dialog.getByRole("radio", { name: "Chosen agents" }).check();
    await dialog.getByRole("checkbox", { name: /Rentals line/ }).check();
    await shoot("action-dialog-agents", width, false);
    await dialog.getByRole("button", { name: "Add to list" }).click();
    await shoot("post-call-actions-routed", width);
    await page.goto(`/calls?agent=${rentalsId}`);
    await shoot("calls-by-agent", width, false);
    await page.getByTestId("call-list").getByRole("link").first().click();
    await expect(page.getByTestId("call-agent")).toBeVisible();
    await shoot("call-agent", width, false);
    await page.goto(`/?agent=${rentalsId}`);
    await shoot("overview-agent", width, false);
  }
  await sql`delete from agents where id = 'agt_e2eshotsvapi000000001'`;
});
