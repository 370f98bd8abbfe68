import { expect, latestMagicLink, test } from "./fixtures";

test("a new user signs in with the magic link from the outbox and lands in a workspace of their own", async ({ page, sql, signIn }) => {
  const email = `new-${Date.now()}@acme.test`;
  await signIn(email);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("credit-balance")).toHaveText("500");
  for (const label of ["Calls", "Post-call actions", "Developer Tools", "Credits", "Team"]) {
    await expect(page.getByRole("link", { name: label }).first()).toBeAttached();
  }
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from memberships m join users u on u.id = m.user_id where u.email = ${email} and m.role = 'owner'`;
  expect(row!.n).toBe(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/calls");
  await expect(page).toHaveURL(/\/login\?next=%2Fcalls/);
});

test("the demo owner signs in and sees the demo workspace", async ({ page, signIn }) => {
  await signIn("owner@example.com");
  await expect(page.getByTestId("account-name")).toHaveText("Demo Realty");
  await expect(page.getByTestId("credit-balance")).toHaveText("10,000");
});

test("an invalid email gets an inline error and no email is sent", async ({ page, sql }) => {
  await page.goto("/login");
  await page.getByLabel("Work email").fill("not-an-email");
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where to_address = 'not-an-email'`;
  expect(row!.n).toBe(0);
});

test("a used magic link shows a clear page with a way to get a new one", async ({ page, sql, signIn }) => {
  const email = `reuse-${Date.now()}@acme.test`;
  await signIn(email);
  const link = await latestMagicLink(sql, email);
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: /expired or was already used/ })).toBeVisible();
  await page.getByRole("link", { name: "Get a new sign-in link" }).click();
  await expect(page).toHaveURL(/\/login/);
});
