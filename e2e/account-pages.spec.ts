import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Sql } from "postgres";
import { expect, test } from "./fixtures";

const SHOTS = process.env.SHOTS_DIR ?? "/tmp/shots-account";

/**
 * Each test works in a workspace of its own (a new user signing up), so the demo account that other
 * specs rely on (its balance, its actions) stays as seeded.
 */
async function freshOwner(signIn: (email: string) => Promise<void>, sql: Sql, tag: string) {
  const email = `${tag}-${Date.now().toString(36)}@acme.test`;
  await signIn(email);
  const [account] = await sql<{ id: string; balance: number }[]>`
    select a.id, a.credit_balance as balance from accounts a join memberships m on m.account_id = a.id
    join users u on u.id = m.user_id where u.email = ${email}`;
  return account!;
}

test("the credits chart totals and the ledger agree with credit_ledger to the unit", async ({
  page,
  sql,
  signIn,
}) => {
  const account = await freshOwner(signIn, sql, "ledger");
  // No usage yet: the chart says so instead of showing empty axes.
  await page.goto("/credits");
  await expect(page.getByTestId("usage-chart-empty")).toHaveText(/No credits used in this period/);
  // Usage as the delivery worker writes it: charges (negative) and a refund, over several days.
  let balance = account!.balance;
  const entries: [string, "charge" | "refund", number, number][] = [
    ["sms", "charge", -10, 0],
    ["email", "charge", -20, 0],
    ["sms", "charge", -10, 1],
    ["email", "charge", -20, 2],
    ["email", "refund", 20, 2],
    ["sms", "charge", -10, 5],
    ["email", "charge", -20, 40],
  ];
  for (const [channel, kind, amount, daysAgo] of entries) {
    balance += amount;
    await sql`insert into credit_ledger (account_id, kind, amount, balance_after, channel, note, created_at)
      values (${account!.id}, ${kind}, ${amount}, ${balance}, ${channel}, 'e2e usage', now() - make_interval(days => ${daysAgo}))`;
  }
  await sql`update accounts set credit_balance = ${balance} where id = ${account!.id}`;

  for (const range of [30, 90]) {
    await page.goto(range === 30 ? "/credits" : "/credits?range=90");
    const rows = await sql<{ channel: string; used: number }[]>`
      select channel, (-sum(amount))::int as used from credit_ledger
      where account_id = ${account!.id} and kind in ('charge', 'refund')
        and created_at >= (date_trunc('day', now() at time zone 'Australia/Sydney') at time zone 'Australia/Sydney') - make_interval(days => ${range - 1})
      group by channel`;
    const used = Object.fromEntries(rows.map((r) => [r.channel, r.used]));
    await expect(page.getByTestId("usage-total-sms")).toHaveText(String(used.sms ?? 0));
    await expect(page.getByTestId("usage-total-email")).toHaveText(String(used.email ?? 0));
    await expect(page.getByTestId("usage-total")).toHaveText(String((used.sms ?? 0) + (used.email ?? 0)));
    await expect(page.getByTestId("usage-chart-empty")).toHaveCount(0);
  }
  await expect(page.getByTestId("credit-balance")).toHaveText(balance.toLocaleString("en"));
  const ledger = await sql<
    { amount: number }[]
  >`select amount from credit_ledger where account_id = ${account!.id} order by created_at desc, id desc limit 25`;
  const shown = await page.getByTestId("ledger-amount").allTextContents();
  expect(shown.map((s) => Number(s.replace(/[+,]/g, "")))).toEqual(ledger.map((l) => l.amount));

  // The CSV export: the same rows, formula-safe, only this account.
  const csv = await page.evaluate(async () => (await fetch("/credits/export")).text());
  const lines = csv.trim().split("\r\n");
  const [count] = await sql<
    { n: number }[]
  >`select count(*)::int as n from credit_ledger where account_id = ${account!.id}`;
  expect(lines).toHaveLength(count!.n + 1);
  expect(lines[0]).toBe("id,time_utc,time_local,kind,channel,amount,balance_after,note,delivery_id,call_id");
});

test("overview, credits, team, audit log and settings: axe clean, screenshots at 1280 and 390 px", async ({
  page,
  sql,
  signIn,
}) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  // Something for "needs attention": a failed email, a disabled endpoint, a low balance.
  const account = await freshOwner(signIn, sql, "shots");
  const [call] = await sql<{ id: string }[]>`
    insert into calls (id, account_id, event_id, external_id, agent_number, direction, status, from_number, to_number,
      caller_number, started_at, ended_at, duration_seconds, summary)
    values ('call_e2e_shots', ${account.id}, 'evt_e2e_shots', 'CA_e2e_shots', '+61290009999', 'inbound', 'completed',
      '+61412345678', '+61290009999', '+61412345678', now() - interval '3 minutes', now(), 180, 'Wants an appraisal')
    returning id`;
  await sql`insert into post_call_actions (id, account_id, position, channel, destination, disabled_reason, disabled_at)
    values ('act_e2e_gone', ${account!.id}, 9, 'webhook', 'https://hooks.example.com/aftercall', 'gone', now())`;
  await sql`insert into deliveries (id, account_id, call_id, channel, destination, status, reason, message_id)
    values ('dlv_e2e_failed', ${account!.id}, ${call!.id}, 'email', 'agent@example.com', 'failed', 'Mailbox full', 'msg_e2e')`;
  await sql`update accounts set low_balance_threshold = 20000 where id = ${account!.id}`;
  await page.goto("/");
  const attention = page.getByTestId("needs-attention");
  await expect(attention.getByRole("link", { name: "Open the call" })).toHaveAttribute(
    "href",
    `/calls/${call!.id}`,
  );
  await expect(attention.getByRole("link", { name: "Fix the action" })).toHaveAttribute(
    "href",
    "/settings/post-call-actions",
  );
  await expect(attention.getByRole("link", { name: "See credits" })).toHaveAttribute("href", "/credits");
  const pages = [
    ["overview", "/", "Overview"],
    ["credits", "/credits", "Credits"],
    ["team", "/settings/team", "Team"],
    ["audit-log", "/settings/audit-log", "Audit log"],
    ["settings", "/settings", "Settings"],
  ] as const;
  // Collected and checked at the end, so one run reports every page's problems.
  const violations: string[] = [];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path, heading] of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
      if (name === "credits") await expect(page.getByTestId("usage-chart")).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
      const results = await new AxeBuilder({ page }).analyze();
      violations.push(
        ...results.violations.map(
          (v) => `${name}@${width}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
        ),
      );
    }
  }
  expect(violations).toEqual([]);
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
