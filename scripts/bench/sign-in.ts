import { chromium, type Browser } from "@playwright/test";
import postgres from "postgres";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "@/e2e/chromium";
import { latestMagicLink } from "@/e2e/fixtures";


/**
 * Signs `email` in through the real magic-link flow (the login form, then the link read from the
 * outbox) and returns the session cookie as a `Cookie` header value. One sign-in email per call: the
 * product allows 5 per address per 10 minutes, so a run signs in once and shares the cookie.
 */
export async function signInCookie(base: string, databaseUrl: string, email: string, browser?: Browser): Promise<string> {
  const own = browser ? undefined : await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const context = await (browser ?? own)!.newContext({ baseURL: base });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Work email").fill(email);
    await page.getByRole("button", { name: /sign-in link/i }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await page.goto(await latestMagicLink(sql, email));
    const session = (await context.cookies()).filter((c) => c.name.includes("authjs.session-token"));
    if (session.length === 0) throw new Error(`Signing in ${email} left no session cookie (ended on ${page.url()})`);
    return session.map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await context.close();
    await sql.end();
    await own?.close();
  }
}

/** Puts a `Cookie` header's cookies into a Playwright context for `base`. */
export function cookiesFor(base: string, cookieHeader: string) {
  return cookieHeader.split(/;\s*/).filter(Boolean).map((pair) => {
    const i = pair.indexOf("=");
    return { name: pair.slice(0, i), value: pair.slice(i + 1), url: base };
  });
}
