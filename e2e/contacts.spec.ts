import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { formatPhone } from "@/lib/phone";
import { expect, test } from "./fixtures";

async function expectNoAxeViolations(page: Page) {
  // Sonner's toasts fade in: axe measures their contrast mid-animation. The toaster is shared UI.
  const results = await new AxeBuilder({ page }).exclude("[data-sonner-toaster]").analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const CSV = [
  "Full Name,Mobile,Email,Company,Notes",
  "Harriet Vance,0400 555 001,harriet@vance.example,Vance Legal,Prefers SMS",
  "Ibrahim Khalil,+61 400 555 002,,Khalil Builders,",
  "Jo March,(04) 0055-5003,jo@march.example,,=HYPERLINK(\"http://evil.example\")",
  "Duplicate Harriet,+61400555001,,,",
  "Not A Number,12345,,,",
].join("\n");

test.describe.configure({ mode: "serial" });

test("the owner imports a CSV through the preview, finds a contact by number, edits it and exports", async ({ page, signIn }) => {
  await signIn("owner@example.com");
  await page.goto("/contacts");
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();

  // Whole-file problems are refused with a message before any preview.
  await page.getByLabel("CSV file").setInputFiles({ name: "huge.csv", mimeType: "text/csv", buffer: Buffer.alloc(6 * 1024 * 1024, 97) });
  await expect(page.getByRole("main").getByRole("alert")).toContainText("the limit is 5 MB");
  await page.getByLabel("CSV file").setInputFiles({ name: "noheader.csv", mimeType: "text/csv", buffer: Buffer.from("Jane,0412345678\nBob,0412345679\n") });
  await expect(page.getByRole("main").getByRole("alert")).toContainText("Add a header row");
  await page.getByLabel("CSV file").setInputFiles({
    name: "latin1.csv",
    mimeType: "text/csv",
    buffer: Buffer.concat([Buffer.from("name,phone\nChlo"), Buffer.from([0xe9]), Buffer.from(",0412345678\n")]),
  });
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not UTF-8");

  // The preview: guessed mapping, per-row checks, counts.
  await page.getByLabel("CSV file").setInputFiles({ name: "crm-export.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await expect(page.getByTestId("file-summary")).toContainText("5 rows, 5 columns");
  await expect(page.getByLabel("Name (required)")).toHaveValue("0");
  await expect(page.getByLabel("Phone number (required)")).toHaveValue("1");
  await expect(page.getByLabel("Email")).toHaveValue("2");
  await expect(page.getByTestId("plan-summary")).toContainText("3 contacts are ready to import · 2 rows will be skipped");
  await expect(page.getByRole("cell", { name: "Same number as row 2; only the first is imported." })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Import 3 contacts" }).click();
  await expect(page.getByTestId("report-imported")).toHaveText("3");
  await expect(page.getByTestId("report-merged")).toHaveText("0");
  await expect(page.getByTestId("report-rejected")).toHaveText("2");
  await expect(page.getByRole("cell", { name: "“12345” is not a valid phone number." })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("link", { name: "View contacts" }).click();
  await expect(page.getByRole("link", { name: "Harriet Vance" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ibrahim Khalil" })).toBeVisible();

  // Search by a number written differently from the file.
  await page.getByLabel("Search contacts by name, email or number").fill("+61 400 555 003");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=%2B61/);
  await expect(page.getByRole("link", { name: "Jo March" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Harriet Vance" })).toHaveCount(0);

  // Edit from the row menu.
  await page.getByRole("button", { name: "Actions for Jo March" }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit Jo March" });
  await dialog.getByLabel("Company (optional)").fill("March & Daughters");
  await dialog.getByLabel("Phone number").fill("not a phone");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Enter a valid phone number");
  await dialog.getByLabel("Phone number").fill("0400 555 003");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Updated Jo March")).toBeVisible();
  await expect(page.getByRole("cell", { name: "March & Daughters" })).toBeVisible();
  await expectNoAxeViolations(page);

  // Export: the injected formula comes back defused.
  await page.goto("/contacts");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloadPromise;
  const text = readFileSync((await download.path())!, "utf8");
  expect(text).toContain("name,phone,email,company,notes,phone_type,last_call_at");
  expect(text).toContain(`Jo March,"'+61400555003",jo@march.example,March & Daughters,"'=HYPERLINK(""http://evil.example"")",mobile,`);
});

test("the owner saves an unknown caller from their page, and the name shows on the contacts list", async ({ page, sql, signIn }) => {
  const [caller] = await sql<{ id: string; phone: string; heard: string }[]>`
    select ct.id, ct.phone, c.contact_name_heard as heard
    from contacts ct join calls c on c.contact_id = ct.id
    where not ct.saved and c.contact_name_heard is not null
    order by c.ended_at desc limit 1`;
  expect(caller).toBeTruthy();
  await signIn("owner@example.com");
  await page.goto(`/contacts/${caller!.id}`);
  await expect(page.getByText("Not saved")).toBeVisible();
  await expect(page.getByRole("link", { name: /Completed|No answer|Busy|Failed|Canceled/ }).first()).toHaveAttribute("href", /^\/calls\/call_/);
  await expectNoAxeViolations(page);

  await page.getByRole("button", { name: "Save contact" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Name")).toHaveValue(caller!.heard);
  await expect(dialog.getByLabel("Phone number")).toHaveValue(formatPhone(caller!.phone));
  await dialog.getByLabel("Name").fill(`${caller!.heard} Saved`);
  await dialog.getByRole("button", { name: "Save contact" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${caller!.heard} Saved` })).toBeVisible();
  await expect(page.getByText("Saved contact")).toBeVisible();

  await page.goto("/contacts");
  await expect(page.getByRole("link", { name: `${caller!.heard} Saved` })).toBeVisible();
  const [row] = await sql<{ saved: boolean }[]>`select saved from contacts where id = ${caller!.id}`;
  expect(row!.saved).toBe(true);
});

test("a new workspace sees the empty state, and another account's contact is a 404", async ({ page, sql, signIn }) => {
  await signIn(`stranger-${Date.now()}@acme.test`);
  await page.goto("/contacts");
  await expect(page.getByRole("heading", { name: "No saved contacts yet" })).toBeVisible();
  await expectNoAxeViolations(page);
  const [demoContact] = await sql<{ id: string }[]>`select id from contacts limit 1`;
  const response = await page.goto(`/contacts/${demoContact!.id}`);
  expect(response!.status()).toBe(404);
});

test("from a call by an unsaved caller, the owner saves the caller and the name shows on the call list", async ({ page, sql, signIn }) => {
  const [call] = await sql<{ id: string; phone: string }[]>`
    select c.id, c.caller_number as phone from calls c join contacts ct on ct.id = c.contact_id
    where not ct.saved and c.caller_number is not null
    order by c.ended_at desc limit 1`;
  expect(call).toBeTruthy();
  await signIn("owner@example.com");
  await page.goto(`/calls/${call!.id}`);
  await page.getByRole("button", { name: "Save contact" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Phone number")).toHaveValue(formatPhone(call!.phone));
  await dialog.getByLabel("Name").fill("Gretel Saved-From-Call");
  await dialog.getByRole("button", { name: "Save contact" }).click();
  await expect(dialog).toBeHidden();

  await page.goto("/calls");
  await expect(page.getByTestId("call-list").getByText("Gretel Saved-From-Call").first()).toBeVisible();
  await page.goto(`/calls/${call!.id}`);
  await expect(page.getByRole("link", { name: "Gretel Saved-From-Call" })).toHaveAttribute("href", /^\/contacts\/ct_/);
  await expect(page.getByRole("button", { name: "Save contact" })).toHaveCount(0);
});
