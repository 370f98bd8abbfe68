import { readFileSync } from "node:fs";
import { test as base, expect, type Page } from "@playwright/test";
import postgres from "postgres";
import { E2E_STATE_FILE } from "./env";

type Fixtures = { sql: postgres.Sql; signIn: (email: string) => Promise<void> };

export function e2eDatabaseUrl(): string {
  return (JSON.parse(readFileSync(E2E_STATE_FILE, "utf8")) as { databaseUrl: string }).databaseUrl;
}

/** The newest magic link sent to `email`, read from the outbox as a person would read their inbox. */
export async function latestMagicLink(sql: postgres.Sql, email: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const [row] = await sql<{ body_text: string }[]>`
      select body_text from outbox where to_address = ${email} and kind = 'magic_link' order by created_at desc limit 1`;
    const url = row?.body_text.match(/https?:\/\/\S+\/api\/auth\/callback\/resend\S+/)?.[0];
    if (url) return url;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No magic link for ${email} in the outbox`);
}

export async function signInThroughMagicLink(page: Page, sql: postgres.Sql, email: string) {
  await page.goto("/login");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const link = await latestMagicLink(sql, email);
  await page.goto(link);
  await expect(page.getByRole("navigation", { name: "Main" }).first()).toBeAttached();
}

export const test = base.extend<Fixtures>({
  sql: async ({}, use) => {
    const sql = postgres(e2eDatabaseUrl(), { max: 2, onnotice: () => {} });
    await use(sql);
    await sql.end();
  },
  signIn: async ({ page, sql }, use) => {
    await use(async (email) => {
      // The whole suite signs the demo owner in more often than the per-address limit (5 in 10 min)
      // allows; the limits themselves are tested in tests/rate-limits.db.test.ts and e2e/logs.spec.ts.
      await sql`delete from rate_limits where key like 'login:%' or key like 'magic-link:%'`;
      await signInThroughMagicLink(page, sql, email);
    });
  },
});

export { expect };
