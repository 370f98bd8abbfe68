import type { Browser, Page, Request } from "@playwright/test";
import type postgres from "postgres";
import { expect, latestMagicLink, test } from "./fixtures";

const stamp = Date.now().toString(36);
const DEV = `dev-${stamp}@acme.test`;
const VIEWER = `viewer-${stamp}@acme.test`;

async function invitationLink(sql: postgres.Sql, email: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const [row] = await sql<{ body_text: string }[]>`
      select body_text from outbox where to_address = ${email} and kind = 'invitation' order by created_at desc limit 1`;
    const url = row?.body_text.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)?.[0];
    if (url) return url;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No invitation for ${email} in the outbox`);
}

/** What a person does with the email: open the link, sign in when asked, come back, join. */
async function joinThroughInvitation(browser: Browser, sql: postgres.Sql, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(await invitationLink(sql, email));
  await expect(page).toHaveURL(/\/login\?next=%2Finvite%2F/);
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(await latestMagicLink(sql, email));
  await expect(page.getByRole("heading", { name: "Join Demo Realty" })).toBeVisible();
  await page.getByRole("button", { name: "Join Demo Realty" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  return page;
}

/** Replays a captured server-action request with new arguments, from the page's own session. */
async function callServerAction(
  page: Page,
  captured: { url: string; headers: Record<string, string> },
  args: unknown[],
) {
  return page.evaluate(
    async ({ url, headers, body }) => {
      const res = await fetch(url, { method: "POST", headers, body });
      return { status: res.status, text: await res.text() };
    },
    {
      url: new URL(captured.url).pathname,
      headers: {
        "next-action": captured.headers["next-action"]!,
        "content-type": "text/plain;charset=UTF-8",
        accept: "text/x-component",
      },
      body: JSON.stringify(args),
    },
  );
}

function captureAction(page: Page) {
  // Fails fast with a clear message instead of hanging until the test timeout.
  return new Promise<{ url: string; headers: Record<string, string> }>((resolve, reject) => {
    const timer = setTimeout(() => {
      page.off("request", listener);
      reject(new Error("no server-action POST seen within 30 s"));
    }, 30_000);
    const listener = (req: Request) => {
      const headers = req.headers();
      if (req.method() === "POST" && headers["next-action"]) {
        clearTimeout(timer);
        page.off("request", listener);
        resolve({ url: req.url(), headers });
      }
    };
    page.on("request", listener);
  });
}

test("an owner invites a developer and a viewer; each joins and sees exactly what their role allows", async ({
  page,
  sql,
  signIn,
  browser,
}) => {
  test.setTimeout(180_000);
  await signIn("owner@example.com");
  await page.goto("/settings/team");
  await expect(page.getByRole("heading", { name: "Team" })).toBeVisible();

  // Bad input first: each gets a precise message and nothing is sent.
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Enter a valid email address, like name@company.com.")).toBeVisible();
  await page.getByLabel("Email").fill("owner@example.com");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("owner@example.com is already a member of this account.")).toBeVisible();
  const [none] = await sql<
    { n: number }[]
  >`select count(*)::int as n from invitations where email in ('not-an-email', 'owner@example.com')`;
  expect(none!.n).toBe(0);

  // The last owner can't be demoted.
  const ownerRole = page.getByLabel("Role of owner@example.com");
  await ownerRole.selectOption("viewer");
  await expect(
    page.getByText("owner@example.com is the last owner. Make someone else an owner first."),
  ).toBeVisible();
  await expect(ownerRole).toHaveValue("owner");

  const inviteAction = captureAction(page);
  await page.getByLabel("Email").fill(DEV);
  await page.getByLabel("Role", { exact: true }).selectOption("developer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${DEV}`)).toBeVisible();
  const capturedInvite = await inviteAction;
  await page.getByLabel("Email").fill(VIEWER);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${VIEWER}`)).toBeVisible();
  await expect(page.getByTestId("invitations")).toContainText(DEV);
  await expect(page.getByTestId("invitations")).toContainText(VIEWER);

  // Capture the settings action too, by saving a harmless change.
  await page.goto("/settings");
  const settingsAction = captureAction(page);
  // A change made before React hydrates the form is not seen: let the page settle first.
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Keep call recordings for").selectOption("5");
  await expect(page.getByRole("button", { name: "Save settings" })).toBeEnabled();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  const capturedSettings = await settingsAction;

  // The developer.
  const dev = await joinThroughInvitation(browser, sql, DEV);
  await expect(dev.getByTestId("account-role")).toHaveText("developer");
  const [devMemberships] = await sql<{ n: number }[]>`
    select count(*)::int as n from memberships m join users u on u.id = m.user_id where u.email = ${DEV}`;
  expect(devMemberships!.n).toBe(1); // no stray workspace of their own
  await dev.goto("/settings/team");
  await expect(dev.getByTestId("members")).toContainText(DEV);
  await expect(dev.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  await expect(dev.getByLabel(/^Role of/)).toHaveCount(0);
  await expect(dev.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await expect(dev.getByRole("button", { name: "Leave" })).toBeVisible();
  await dev.goto("/settings");
  await expect(dev.getByTestId("settings-readonly")).toBeVisible();
  await expect(dev.getByRole("button", { name: "Save settings" })).toHaveCount(0);
  await dev.goto("/credits");
  await expect(dev.getByLabel("Low-balance alert (credits)")).toHaveCount(0);

  // The viewer.
  const viewer = await joinThroughInvitation(browser, sql, VIEWER);
  await expect(viewer.getByTestId("account-role")).toHaveText("viewer");
  await viewer.goto("/settings/team");
  await expect(viewer.getByTestId("team-readonly")).toContainText("You are a viewer here");
  await expect(viewer.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  await viewer.goto("/settings");
  await expect(viewer.getByTestId("settings-readonly")).toContainText("5 months");
  await expect(viewer.getByRole("combobox")).toHaveCount(0);

  // The viewer's direct POSTs to owner-only server actions are refused, and change nothing.
  const invite = await callServerAction(viewer, capturedInvite, [
    { email: `sneaky-${stamp}@acme.test`, role: "owner" },
  ]);
  expect(invite.text).toContain("Your role does not allow this.");
  const [sneaky] = await sql<
    { n: number }[]
  >`select count(*)::int as n from invitations where email = ${`sneaky-${stamp}@acme.test`}`;
  expect(sneaky!.n).toBe(0);
  const settings = await callServerAction(viewer, capturedSettings, [
    { name: "Taken over", defaultCountry: "US", timeZone: "UTC", recordingRetentionMonths: 1 },
  ]);
  expect(settings.text).toContain("Your role does not allow this.");
  const [account] = await sql<{ name: string; months: number }[]>`
    select name, recording_retention_months as months from accounts where name = 'Demo Realty'`;
  expect(account).toEqual({ name: "Demo Realty", months: 5 });

  // A used invitation link can't be used again.
  await viewer.goto(await invitationLink(sql, VIEWER));
  await expect(viewer.getByText(/This invitation was already used/)).toBeVisible();

  // The owner sees both in the team and in the audit log.
  await page.goto("/settings/team");
  await expect(page.getByLabel(`Role of ${DEV}`)).toHaveValue("developer");
  await expect(page.getByLabel(`Role of ${VIEWER}`)).toHaveValue("viewer");
  await page.goto("/settings/audit-log?action=member.joined");
  await expect(page.getByTestId("audit-log")).toContainText(DEV);
  await expect(page.getByTestId("audit-log")).toContainText(VIEWER);
  await page.goto("/settings/audit-log?action=auth.sign_in");
  await expect(page.getByTestId("audit-log")).toContainText("owner@example.com");

  // The viewer leaves; they are no longer a member.
  await viewer.goto("/settings/team");
  await viewer.getByRole("button", { name: "Leave" }).click();
  await viewer.getByRole("button", { name: "Leave account" }).click();
  await expect(viewer.getByRole("heading", { name: "Overview" })).toBeVisible();
  const [left] = await sql<{ n: number }[]>`
    select count(*)::int as n from memberships m join users u on u.id = m.user_id join accounts a on a.id = m.account_id
    where u.email = ${VIEWER} and a.name = 'Demo Realty'`;
  expect(left!.n).toBe(0);

  // Put the demo account back as seeded for the specs that run after this one.
  await sql`update accounts set recording_retention_months = 6 where name = 'Demo Realty'`;
});

test("someone who already has a workspace joins through an invitation, lands in the invited account and can switch back", async ({
  page,
  sql,
  signIn,
  browser,
}) => {
  test.setTimeout(120_000);
  const email = `existing-${stamp}@acme.test`;
  // They signed up earlier and have a workspace of their own.
  const own = await browser.newContext();
  const ownPage = await own.newPage();
  const { signInThroughMagicLink } = await import("./fixtures");
  await signInThroughMagicLink(ownPage, sql, email);
  await own.close();

  await signIn("owner@example.com");
  await page.goto("/settings/team");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${email}`)).toBeVisible();

  const joined = await joinThroughInvitation(browser, sql, email);
  const switcher = joined.locator("#account-switcher");
  await expect(switcher).toBeVisible();
  await expect(switcher.locator("option:checked")).toHaveText("Demo Realty (viewer)");
  await expect(joined.getByTestId("account-role")).toHaveText("viewer");
  await switcher.selectOption({ label: "Acme workspace (owner)" });
  await expect(joined.getByTestId("account-role")).toHaveText("owner");
  await expect(joined.locator("#account-switcher option:checked")).toHaveText("Acme workspace (owner)");
});
