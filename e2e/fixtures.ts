import { readFileSync } from "node:fs";
import { test as base, expect, type Page } from "@playwright/test";
import postgres from "postgres";
import { testSendLimitKey } from "@/lib/delivery/test-send-limit";
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

/**
 * Session cookies of users already signed in during this run. The first sign-in of an address goes
 * through the real magic-link flow; later ones reuse its session, so a long suite stays under the
 * product's own limit of 5 sign-in emails per address per 10 minutes.
 */
const sessions = new Map<string, Awaited<ReturnType<ReturnType<Page["context"]>["cookies"]>>>();

export async function signIn(page: Page, sql: postgres.Sql, email: string) {
  const cached = sessions.get(email);
  if (cached) {
    await page.context().clearCookies();
    await page.context().addCookies(cached);
    await page.goto("/");
    if (!page.url().includes("/login")) {
      await expect(page.getByRole("navigation", { name: "Main" }).first()).toBeAttached();
      return;
    }
    sessions.delete(email); // signed out since: sign in again
  }
  await signInThroughMagicLink(page, sql, email);
  sessions.set(email, (await page.context().cookies()).filter((c) => c.name.includes("authjs.session-token")));
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

/**
 * Starts the account's minute of test sends afresh. The specs share the demo account, whose "Send
 * test" and "Send test event" presses count against one limit of 5 a minute in the database: a test
 * that sends tests would otherwise pass or fail on how many an earlier test sent in the last minute.
 */
export async function resetTestSendLimit(sql: postgres.Sql, accountId: string) {
  await sql`delete from rate_limits where key = ${testSendLimitKey(accountId)}`;
}

export const test = base.extend<Fixtures>({
  sql: async ({}, use) => {
    const sql = postgres(e2eDatabaseUrl(), { max: 2, onnotice: () => {} });
    await use(sql);
    await sql.end();
  },
  signIn: async ({ page, sql }, use) => {
    await use((email) => signIn(page, sql, email));
  },
});

export { expect };
