import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type postgres from "postgres";
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
