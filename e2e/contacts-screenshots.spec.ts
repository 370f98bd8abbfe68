import { mkdirSync } from "node:fs";
import { expect, test } from "./fixtures";

/** Screenshots for review (SHOTS=1): the contacts pages at desktop and phone widths. */
test.skip(!process.env.SHOTS, "screenshots only when SHOTS=1");

const DIR = "/tmp/shots-contacts";
const NAMES = ["Amelia Hart", "Benjamin Okafor", "Charlotte Dubois", "Daniel Kim", "Eleanor Rigby-Smythe", "Farid Haddad", "Grace Liu", "Henry Fitzgerald-Worthington"];

test("screenshots", async ({ page, sql, signIn }) => {
  mkdirSync(DIR, { recursive: true });
  await signIn("owner@example.com");
  const csv = [
    "Name,Phone,E-mail,Company,Notes",
    ...NAMES.map((n, i) => `${n},04${String(10_000_000 + i * 7919).slice(0, 8)},${n.split(" ")[0]!.toLowerCase()}@example.com,${i % 2 ? "Harbour Property Group" : ""},Met at open home`),
    "Bad Row,12345,,,",
    "Amelia Again,04" + String(10_000_000).slice(0, 8) + ",,,",
  ].join("\n");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto("/contacts/import");
    await page.getByLabel("CSV file").setInputFiles({ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect(page.getByTestId("plan-summary")).toBeVisible();
    await page.screenshot({ path: `${DIR}/import-preview-${width}.png`, fullPage: true });
    if (width === 1280) {
      await page.getByRole("button", { name: /^Import \d+ contacts$/ }).click();
      await expect(page.getByTestId("report-imported")).toBeVisible();
      await page.screenshot({ path: `${DIR}/import-report-${width}.png`, fullPage: true });
    }
  }
  const [caller] = await sql<{ id: string }[]>`
    select ct.id from contacts ct where not ct.saved and exists (select 1 from calls c where c.contact_id = ct.id) limit 1`;
  const { id: saved } = (await sql<{ id: string }[]>`select ct.id from contacts ct where ct.saved order by name limit 1`)[0]!;
  // Give the saved contact some calls to list.
  await sql`update calls set contact_id = ${saved} where id in (select id from calls where contact_id = ${caller!.id} limit 3)`;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto("/contacts");
    await page.screenshot({ path: `${DIR}/contacts-${width}.png`, fullPage: true });
    await page.goto(`/contacts/${saved}`);
    await page.screenshot({ path: `${DIR}/contact-${width}.png`, fullPage: true });
    await page.goto(`/contacts/${caller!.id}`);
    await page.screenshot({ path: `${DIR}/caller-${width}.png`, fullPage: true });
    await page.getByRole("button", { name: "Save contact" }).click();
    await page.screenshot({ path: `${DIR}/save-dialog-${width}.png` });
    await page.keyboard.press("Escape");
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/contacts?q=zzzz");
  await page.screenshot({ path: `${DIR}/contacts-no-match-1280.png`, fullPage: true });
});
