import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";

/**
 * A brand-new workspace, as a newcomer meets it: the Overview's checklist, followed to a first (test)
 * SMS in the outbox, free of charge.
 */
test("a new workspace follows the getting-started checklist to a first test SMS", async ({ page, sql, signIn }) => {
  test.setTimeout(120_000);
  const email = `newcomer-${Date.now()}@example.com`;
  await signIn(email);
  const checklist = page.getByTestId("getting-started");

  await page.goto("/");
  await expect(checklist).toContainText("0 of 3 done");
  await expect(page.getByRole("button", { name: "Send a sample call" })).toBeDisabled();
  await expect(checklist).toContainText("Connect your voice platform or register your agent's number first");
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  // The calls page points at the sample call, and at the simulator for this account, not the demo's.
  await page.goto("/calls");
  await expect(page.getByTestId("simulate-hint")).toHaveText(`npm run simulate -- --email ${email} --count 5`);

  await page.goto("/");
  // The first step offers a voice platform connection; this newcomer registers a number instead.
  await expect(checklist.getByRole("link", { name: "Connect a platform" })).toHaveAttribute("href", "/settings/voice-platforms");
  await page.goto("/settings/phone-numbers");
  await page.getByLabel("Phone number").fill(`02 9${String(Date.now() % 10_000_000).padStart(7, "0")}`);
  await page.getByRole("button", { name: "Add number" }).click();
  await expect
    .poll(async () => (await sql`select 1 from agent_numbers n join memberships m using (account_id) join users u on u.id = m.user_id where u.email = ${email}`).length)
    .toBe(1);
  await page.goto("/");
  await expect(page.getByTestId("step-agent-number")).toHaveAttribute("data-done", "true");
  await expect(checklist).toContainText("1 of 3 done");

  await checklist.getByRole("link", { name: "Add an action" }).click();
  await page.getByRole("button", { name: "Add action" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a post-call action" });
  await dialog.getByText("SMS", { exact: true }).click();
  await dialog.locator("#action-to").fill("0412 345 678");
  await dialog.getByRole("button", { name: "Add to list" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("save-bar")).toBeHidden();
  await page.goto("/");
  await expect(checklist).toContainText("2 of 3 done");

  await page.getByRole("button", { name: "Send a sample call" }).click();
  const toast = page.locator("[data-sonner-toast]").first();
  await expect(toast).toContainText("Sample call stored: 1 test message on the way, free of charge.");
  // Toasts sit below the header: Sign out stays uncovered.
  // Measured once the toast has slid in (its entry animation starts above the viewport).
  const header = (await page.locator("header").first().boundingBox())!;
  await expect.poll(async () => (await toast.boundingBox())?.y ?? -1).toBeGreaterThanOrEqual(header.y + header.height);

  await page.reload();
  await expect(checklist).toContainText("You're set up");
  for (const id of ["agent-number", "post-call-action", "sample-call"]) await expect(page.getByTestId(`step-${id}`)).toHaveAttribute("data-done", "true");

  await page.goto("/calls");
  await expect(page.getByTestId("sample-badge")).toHaveCount(1);

  // The worker sent it as a test: the outbox holds "Test: …", and nothing was charged.
  await expect
    .poll(async () => (await sql<{ body_text: string }[]>`select body_text from outbox where to_address = '+61412345678' and body_text like 'Test: %' and created_at > now() - interval '2 minutes'`).length)
    .toBeGreaterThan(0);
  await page.goto("/developers/outbox");
  await expect(page.getByText(/^Test: Call from /).first()).toBeVisible();
  const [account] = await sql<{ balance: number; charges: number }[]>`
    select a.credit_balance as balance, (select count(*)::int from credit_ledger l where l.account_id = a.id and l.kind = 'charge') as charges
      from accounts a join memberships m on m.account_id = a.id join users u on u.id = m.user_id where u.email = ${email}`;
  expect(account).toEqual({ balance: 500, charges: 0 });
});
