import AxeBuilder from "@axe-core/playwright";
import { ISOLATION_PAGES, type ForeignIds } from "../tests/isolation-pages";
import { expect, test } from "./fixtures";

/**
 * Pages with an id, opened by a member of another account (B, a fresh sign-up) with the demo
 * account's ids (A): a real HTTP 404, the not-found page, and none of A's data in the HTML. The list
 * of pages comes from tests/isolation-pages.ts, which the matrix test keeps complete.
 */
test("another account's call, contact and delivery pages answer 404 and show none of their data", async ({ page, sql, signIn }, testInfo) => {
  const [acc] = await sql<{ id: string }[]>`
    select a.id from accounts a join memberships m on m.account_id = a.id join users u on u.id = m.user_id
    where u.email = 'owner@example.com' limit 1`;
  const accountId = acc!.id;
  const [call] = await sql<{ id: string; summary: string | null; caller_number: string | null; external_id: string }[]>`
    select id, summary, caller_number, external_id from calls where account_id = ${accountId} and summary is not null order by ended_at desc limit 1`;
  const [contact] = await sql<{ id: string; name: string | null; phone: string }[]>`
    select id, name, phone from contacts where account_id = ${accountId} order by saved desc, name limit 1`;
  // A webhook delivery of A's (the seed may have none): added for this test and removed after it.
  let [delivery] = await sql<{ id: string; destination: string }[]>`
    select id, destination from deliveries where account_id = ${accountId} and channel = 'webhook' limit 1`;
  let added: string | null = null;
  if (!delivery) {
    added = `dlv_isolation${Date.now()}`;
    [delivery] = await sql<{ id: string; destination: string }[]>`
      insert into deliveries (id, account_id, call_id, channel, destination, status, message_id)
      values (${added}, ${accountId}, ${call!.id}, 'webhook', 'https://isolation-secret-endpoint.example/hook', 'sent', ${`msg_${added}`})
      returning id, destination`;
  }
  try {
    const ids: ForeignIds = { callId: call!.id, contactId: contact!.id, deliveryId: delivery!.id };
    const secrets = [call!.summary!, call!.external_id, contact!.phone, delivery!.destination, ...(contact!.name ? [contact!.name] : [])];

    await signIn(`isolation-b-${Date.now()}@example.com`);
    // B is signed in and works in its own, new account.
    await expect(page.getByTestId("account-name")).not.toHaveText(/Demo/);

    let checked = 0;
    for (const [file, entry] of Object.entries(ISOLATION_PAGES)) {
      if (entry.kind !== "foreign") continue;
      const path = entry.path(ids);
      const response = await page.goto(path);
      expect(response!.status(), `${file} → ${path}`).toBe(404);
      await expect(page.getByRole("heading", { name: /not found/i }).first()).toBeVisible();
      const html = await page.content();
      for (const s of secrets) expect(html, `${path} shows A's "${s}"`).not.toContain(s);
      expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id), `${path} axe`).toEqual([]);
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 800 });
        await page.screenshot({ path: testInfo.outputPath(`not-found-${checked}-${width}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      checked++;
    }
    expect(checked).toBe(3);

    // A missing id is the same 404 as a foreign one (no way to tell "exists elsewhere" from "missing").
    const missing = await page.goto("/calls/call_doesnotexist000000000");
    expect(missing!.status()).toBe(404);

    // And the calls list still renders (200).
    const list = await page.goto("/calls");
    expect(list!.status()).toBe(200);
  } finally {
    if (added) await sql`delete from deliveries where id = ${added}`;
  }
});

test("the demo owner still opens their own call page (200), deliveries streamed in", async ({ page, sql, signIn }, testInfo) => {
  const [call] = await sql<{ id: string }[]>`
    select c.id from calls c join memberships m on m.account_id = c.account_id join users u on u.id = m.user_id
    where u.email = 'owner@example.com' order by c.ended_at desc limit 1`;
  await signIn("owner@example.com");
  const response = await page.goto(`/calls/${call!.id}`);
  expect(response!.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Post-call actions" })).toBeVisible();
  await expect(page.getByText("Loading post-call actions…")).toHaveCount(0);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`own-call-${width}.png`), fullPage: true });
  }
});
