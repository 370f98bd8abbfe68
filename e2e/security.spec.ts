import { expect, test } from "./fixtures";

test("pages carry a nonce CSP and the security headers, and run with no CSP violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto("/login");
  const headers = response!.headers();
  const csp = headers["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain("unsafe-eval");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["strict-transport-security"]).toContain("max-age=");
  // Every script Next.js rendered carries this response's nonce.
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  const scriptNonces = await page.locator("script[src]").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  // Client-side validation works, so the scripts ran.
  await page.getByLabel("Work email").fill("nope");
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  expect(violations).toEqual([]);

  // A second response gets a different nonce.
  const again = await page.request.get("/login");
  expect(again.headers()["content-security-policy"]).not.toBe(csp);
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ page, signIn }) => {
  await signIn("owner@example.com");
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(cookie).toBeDefined();
  expect(cookie!.httpOnly).toBe(true);
  expect(cookie!.sameSite).toBe("Lax");
});

test("a server action posted from another origin is refused", async ({ page, request, sql }) => {
  await page.goto("/login");
  // Find the action id the page's form uses, then replay it cross-origin.
  const actionIds = new Set<string>();
  page.on("request", (r) => {
    const id = r.headers()["next-action"];
    if (id) actionIds.add(id);
  });
  await page.getByLabel("Work email").fill(`csrf-${Date.now()}@acme.test`);
  await page.getByRole("button", { name: /sign-in link/i }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const [actionId] = [...actionIds];
  expect(actionId).toBeTruthy();
  const forged = await request.post("/login", {
    headers: { "next-action": actionId!, origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
    data: JSON.stringify([{ email: "victim@acme.test" }]),
  });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where to_address = 'victim@acme.test'`;
  expect(row!.n).toBe(0);
});
