import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, resetTestSendLimit, test } from "./fixtures";
import { TEST_SEND_LIMIT, testSendLimitKey } from "@/lib/delivery/test-send-limit";

const PAGE = "/settings/post-call-actions";

async function addAction(page: Page, channel: "SMS" | "Email" | "Webhook", to: string) {
  await page.getByRole("button", { name: "Add action" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a post-call action" });
  await dialog.getByText(channel, { exact: true }).click();
  await dialog.locator("#action-to").fill(to);
  await dialog.getByRole("button", { name: "Add to list" }).click();
  await expect(dialog).toBeHidden();
}

async function expectCost(page: Page, f: { perCall: number; matched: number; monthly: string; days: string }) {
  await expect(page.getByTestId("cost-per-call")).toHaveText(`${f.perCall} credits`);
  await expect(page.getByTestId("matched-calls")).toHaveText(String(f.matched));
  await expect(page.getByTestId("monthly-credits")).toHaveText(f.monthly);
  await expect(page.getByTestId("balance-days")).toHaveText(f.days);
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function demoAccountId(sql: import("postgres").Sql) {
  const [row] = await sql<{ account_id: string }[]>`select account_id from agent_numbers where e164 = '+61290000000'`;
  return row!.account_id;
}

test("an owner adds one action per channel, watches the cost change, hits the limit of 10 and finds it all saved", async ({ page, sql, signIn }) => {
  // Other specs may have added calls to the demo account (the seed alone has 36, 17 of them completed),
  // so the expected figures are worked out from the database, by hand, the way an owner would.
  const accountId = await demoAccountId(sql);
  await sql`delete from post_call_actions where account_id = ${accountId}`;
  const [counts] = await sql<{ total: number; completed: number; balance: number }[]>`
    select count(*)::int as total, count(*) filter (where status = 'completed')::int as completed,
      (select credit_balance from accounts where id = ${accountId}) as balance
    from calls where account_id = ${accountId} and ended_at > now() - interval '30 days'`;
  const { total, completed: C, balance } = counts!;
  expect(C).toBeGreaterThan(0);
  const fmt = (v: number) => v.toLocaleString("en");
  const days = (monthly: number) => `${fmt(Math.floor((balance * 30) / monthly))} days`;

  await signIn("owner@example.com");
  await page.goto(PAGE);
  await expect(page.getByRole("heading", { name: "Post-call actions", level: 1 })).toBeVisible();
  await expect(page.getByText("No post-call actions yet")).toBeVisible();
  await expect(page.getByTestId("calls-30d")).toHaveText(fmt(total));
  await expectCost(page, { perCall: 0, matched: 0, monthly: "0", days: "Indefinitely" });

  // Bad input gets inline errors from the shared schema and adds nothing.
  await page.getByRole("button", { name: "Add action" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a post-call action" });
  await dialog.locator("#action-to").fill("12");
  await dialog.getByRole("button", { name: "Add to list" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(/That is not a valid phone number/);
  await dialog.getByText("Email", { exact: true }).click();
  await dialog.locator("#action-to").fill("not-an-email");
  await dialog.getByRole("button", { name: "Add to list" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(/That is not a valid email address/);
  await dialog.getByText("Webhook", { exact: true }).click();
  await dialog.locator("#action-to").fill("https://user:pw@hooks.example.com/x");
  await dialog.getByRole("button", { name: "Add to list" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(/Remove the username and password/);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByTestId("action-card")).toHaveCount(0);

  // SMS: 10 credits × each completed call (seed: 17 → 170 a month; 10,000 × 30 / 170 = 1,764 days).
  await addAction(page, "SMS", "0412 345 678");
  await expect(page.getByTestId("action-card").first()).toContainText("+61 412 345 678");
  await expectCost(page, { perCall: 10, matched: C, monthly: fmt(10 * C), days: days(10 * C) });
  await expect(page.getByTestId("sms-email-warning")).toHaveCount(0);
  await expect(page.getByTestId("save-bar")).toContainText("Unsaved changes");

  // + Email 20: 30 a call (seed: 510 a month, 588 days), and the seed's warning.
  await addAction(page, "Email", "ops@example.com");
  await expectCost(page, { perCall: 30, matched: C, monthly: fmt(30 * C), days: days(30 * C) });
  await expect(page.getByTestId("sms-email-warning")).toHaveText(
    "Enabling both SMS and Email notifications will result in higher credit usage.",
  );

  // + Webhook: free.
  await addAction(page, "Webhook", "https://hooks.example.com/aftercall");
  await expectCost(page, { perCall: 30, matched: C, monthly: fmt(30 * C), days: days(30 * C) });
  // The webhook preview reports the SMS and email actions on the page, as `data.actions` will.
  await page.getByRole("tab", { name: "Webhook" }).click();
  await expect(page.getByTestId("webhook-preview")).toContainText('"to": "+61412345678"');
  await expect(page.getByTestId("webhook-preview")).toContainText('"channel": "email"');
  await page.getByRole("tab", { name: "Email" }).click();
  await expect(page.getByTestId("email-subject")).toHaveText("Call from Jane Citizen (+61 412 345 678)");

  // Every toggle moves the figures before anything is saved.
  await page.getByRole("switch", { name: "Enabled: SMS to +61 412 345 678" }).click();
  await expectCost(page, { perCall: 20, matched: C, monthly: fmt(20 * C), days: days(20 * C) });
  await expect(page.getByTestId("sms-email-warning")).toHaveCount(0);
  await page.getByRole("switch", { name: "Enabled: Email to ops@example.com" }).click();
  await expectCost(page, { perCall: 0, matched: C, monthly: "0", days: "Indefinitely" });
  await page.getByRole("switch", { name: "Enabled: Webhook to https://hooks.example.com/aftercall" }).click();
  await expectCost(page, { perCall: 0, matched: 0, monthly: "0", days: "Indefinitely" });
  for (const name of ["SMS to +61 412 345 678", "Email to ops@example.com", "Webhook to https://hooks.example.com/aftercall"]) {
    await page.getByRole("switch", { name: `Enabled: ${name}` }).click();
  }
  await expectCost(page, { perCall: 30, matched: C, monthly: fmt(30 * C), days: days(30 * C) });

  // Conditions: the email only after calls of 60 s or more, and also after missed calls.
  await page.getByRole("button", { name: "Edit Email to ops@example.com" }).click();
  const edit = page.getByRole("dialog", { name: "Edit action" });
  await edit.getByLabel("No answer").check();
  await edit.getByLabel("Minimum call duration").fill("60");
  await edit.getByRole("button", { name: "Update action" }).click();
  const [emailMatches] = await sql<{ n: number }[]>`
    select count(*)::int as n from calls
    where account_id = ${accountId} and ended_at > now() - interval '30 days'
      and status in ('completed', 'no-answer') and duration_seconds >= 60`;
  const monthly = 10 * C + emailMatches!.n * 20;
  await expect(page.getByTestId("monthly-credits")).toHaveText(monthly.toLocaleString("en"));
  await expect(page.getByText("After completed, no answer calls of 60 s or more")).toBeVisible();

  // Leaving with unsaved changes asks first.
  await page.getByRole("link", { name: "Overview" }).first().click();
  await expect(page.getByRole("dialog", { name: "Discard unsaved changes?" })).toBeVisible();
  await page.getByRole("button", { name: "Keep editing" }).click();
  await expect(page).toHaveURL(new RegExp(`${PAGE}$`));

  // Saving shows the same figure as the preview.
  const figure = `30 credits per call · ${monthly.toLocaleString("en")} credits a month`;
  await expect(page.getByTestId("save-bar")).toContainText(figure);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Post-call actions saved")).toBeVisible();
  await expect(page.locator("[data-sonner-toast]").getByText(figure)).toBeVisible();
  await expect(page.getByTestId("save-bar")).toHaveCount(0);
  const rows = await sql<{ channel: string; destination: string; statuses: string; min_duration_seconds: number }[]>`
    select channel, destination, statuses::text, min_duration_seconds from post_call_actions
    where account_id = ${accountId} order by created_at`;
  expect(rows).toEqual([
    { channel: "sms", destination: "+61412345678", statuses: "{completed}", min_duration_seconds: 0 },
    { channel: "email", destination: "ops@example.com", statuses: "{completed,no-answer}", min_duration_seconds: 60 },
    { channel: "webhook", destination: "https://hooks.example.com/aftercall", statuses: "{completed}", min_duration_seconds: 0 },
  ]);

  // Up to the limit of 10: the add button stops and says why.
  for (let i = 4; i <= 10; i++) await addAction(page, "Webhook", `https://hooks.example.com/${i}`);
  await expect(page.getByTestId("action-card")).toHaveCount(10);
  await expect(page.getByRole("button", { name: "Add action" })).toBeDisabled();
  await expect(page.getByTestId("limit-note")).toHaveText("An account can have at most 10 post-call actions. Delete one to add another.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("save-bar")).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId("action-card")).toHaveCount(10);
  await expect(page.getByTestId("monthly-credits")).toHaveText(monthly.toLocaleString("en"));
  await expect(page.getByRole("button", { name: "Add action" })).toBeDisabled();
  expect((await sql<{ n: number }[]>`select count(*)::int as n from post_call_actions where account_id = ${accountId}`)[0]!.n).toBe(10);

  // A stale tab is refused, not silently overwritten.
  await sql`update accounts set actions_version = actions_version + 1 where id = ${accountId}`;
  await page.getByRole("button", { name: /^Delete Webhook to https:\/\/hooks.example.com\/10$/ }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/Another tab changed these actions — reload/)).toBeVisible();
  await expect(page.getByTestId("save-bar")).toContainText("Unsaved changes");
  expect((await sql<{ n: number }[]>`select count(*)::int as n from post_call_actions where account_id = ${accountId}`)[0]!.n).toBe(10);
});

test("the page has no axe violations at desktop and phone widths", async ({ page, signIn }) => {
  await signIn("owner@example.com");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(PAGE);
    await expect(page.getByTestId("cost-preview")).toBeVisible();
    await expectNoAxeViolations(page);
  }
  // With unsaved edits (badges, save bar) and with the edit dialog open.
  await page.getByRole("switch").first().click();
  await expect(page.getByTestId("save-bar")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /^Edit / }).first().click();
  await expect(page.getByRole("dialog", { name: "Edit action" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("a viewer finds the page read-only", async ({ page, sql, signIn }) => {
  const email = `viewer-${Date.now()}@example.com`;
  const accountId = await demoAccountId(sql);
  const [user] = await sql<{ id: string }[]>`insert into users (id, email) values (gen_random_uuid()::text, ${email}) returning id`;
  await sql`insert into memberships (user_id, account_id, role) values (${user!.id}, ${accountId}, 'viewer')`;
  await signIn(email);
  await page.goto(PAGE);
  await expect(page.getByTestId("read-only-note")).toHaveText(/view-only access/);
  await expect(page.getByRole("button", { name: "Add action" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Send test/ })).toHaveCount(0);
  const switches = page.getByRole("switch");
  expect(await switches.count()).toBeGreaterThan(0);
  for (const s of await switches.all()) await expect(s).toBeDisabled();
  // The previews still work for a viewer.
  await expect(page.getByTestId("cost-preview")).toBeVisible();
  await expect(page.getByTestId("sms-preview")).toContainText("Call from Jane Citizen (+61 412 345 678)");
});

// Through the real pipeline on purpose: the in-app worker of the e2e server delivers each test send.
test("send test on each channel shows the result inline (needs the delivery worker)", async ({ page, sql, signIn }) => {
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    const accountId = await demoAccountId(sql);
    await sql`delete from post_call_actions where account_id = ${accountId}`;
    // Three sends of our own; Developer Tools' test events may have used the minute's others.
    await resetTestSendLimit(sql, accountId);
    await signIn("owner@example.com");
    await page.goto(PAGE);
    await addAction(page, "SMS", "0412 345 678");
    await addAction(page, "Email", "ops@example.com");
    await addAction(page, "Webhook", hookUrl);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByTestId("save-bar")).toHaveCount(0);

    for (const card of await page.getByTestId("action-card").all()) {
      await card.getByRole("button", { name: /^Send test/ }).click();
      await expect(card.getByTestId("test-result")).toHaveText(/Test sent/, { timeout: 20_000 });
    }
    // Only this test's sends: other specs may have sent test events for the demo account earlier.
    const tests = await sql<{ channel: string; status: string; credits: number }[]>`
      select d.channel, d.status, d.credits from deliveries d
      join post_call_actions a on a.id = d.action_id
      where d.test and d.account_id = ${accountId} order by d.created_at`;
    expect(tests).toEqual([
      { channel: "sms", status: "sent", credits: 0 },
      { channel: "email", status: "sent", credits: 0 },
      { channel: "webhook", status: "sent", credits: 0 },
    ]);
    // Past the limit of test sends a minute, the card itself says why nothing was sent.
    await sql`update rate_limits set count = ${TEST_SEND_LIMIT.limit} where key = ${testSendLimitKey(accountId)}`;
    const first = page.getByTestId("action-card").first();
    await first.getByRole("button", { name: /^Send test/ }).click();
    await expect(first.getByTestId("test-result")).toHaveText(/tests a minute\. Try again in \d+ s/);
    await expect(first.getByRole("alert")).toBeVisible();

    const [hook] = received;
    expect(hook!.headers["webhook-id"]).toMatch(/^msg_/);
    expect(JSON.parse(hook!.body)).toMatchObject({ type: "call.ended", test: true });
    const outbox = await sql<{ channel: string; to_address: string }[]>`
      select channel, to_address from outbox where kind = 'delivery' order by created_at`;
    expect(outbox.map((o) => o.to_address)).toEqual(expect.arrayContaining(["+61412345678", "ops@example.com"]));
  } finally {
    server.close();
  }
});
