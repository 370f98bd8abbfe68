import { sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { createApiKey } from "@/db/queries/api-keys";
import { API_RATE_LIMIT } from "@/lib/api/auth";
import { stopBoss } from "@/lib/jobs/queue";
import { createAccount } from "@/tests/factories";
import { GET as listCalls } from "@/app/api/v1/calls/route";
import { GET as getActions } from "@/app/api/v1/post-call-actions/route";

/**
 * Rate limits not covered elsewhere (the per-account call-events limit is in
 * app/api/v1/call-events/route.db.test.ts): the public API per key, and sign-in emails per address and
 * per IP through the sign-in form's action. Only Next's request headers and the Auth.js `signIn` that
 * would send the email are replaced; the limiter and its PostgreSQL counter are the real ones.
 */
const request = vi.hoisted(() => ({ ip: "198.51.100.1", sent: [] as string[] }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": `${request.ip}, 10.0.0.1` }),
  // The development mailbox's cookie (lib/dev-mailbox.ts): not what this file tests.
  cookies: async () => ({ get: () => undefined, set: () => {} }),
}));
vi.mock("@/lib/auth", () => ({
  signIn: async (_provider: string, opts: { email: string }) => {
    request.sent.push(opts.email);
    // Like Auth.js: a successful send ends with a redirect, which Next implements by throwing.
    throw Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/login/check-email;307;" });
  },
}));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const { requestMagicLink } = await import("@/app/(auth)/login/actions");

afterAll(async () => {
  await stopBoss();
});
beforeEach(async () => {
  request.sent.length = 0;
  await db.execute(sql`delete from rate_limits`);
});

async function ask(email: string) {
  try {
    return await requestMagicLink({ email });
  } catch (error) {
    if ((error as { digest?: string }).digest?.startsWith("NEXT_REDIRECT")) return "sent" as const;
    throw error;
  }
}

describe("sign-in emails", () => {
  it("per address: 5 in 10 minutes, then refused with the wait in minutes (any case of the address)", async () => {
    request.ip = "198.51.100.1";
    for (let i = 0; i < 5; i++) expect(await ask(i % 2 ? "Jane@Example.com" : "jane@example.com")).toBe("sent");
    const refused = await ask("jane@example.com");
    expect(refused).toEqual({ error: expect.stringMatching(/^Too many sign-in emails\. Try again in (10|[1-9]) minutes\.$/) });
    expect(request.sent).toHaveLength(5);
    // Another address from the same IP is not affected.
    expect(await ask("other@example.com")).toBe("sent");
    // Once the window has passed, the address may ask again.
    await db.execute(sql`update rate_limits set window_start = now() - interval '11 minutes' where key = 'login:email:jane@example.com'`);
    expect(await ask("jane@example.com")).toBe("sent");
  });

  it("per IP: 30 addresses in 10 minutes from one IP, then refused; another IP is not affected", async () => {
    request.ip = "203.0.113.9";
    for (let i = 0; i < 30; i++) expect(await ask(`person${i}@example.com`)).toBe("sent");
    expect(await ask("person30@example.com")).toMatchObject({ error: expect.stringMatching(/Too many sign-in emails/) });
    expect(request.sent).toHaveLength(30);
    request.ip = "203.0.113.10";
    expect(await ask("person30@example.com")).toBe("sent");
  });
});

describe("public API", () => {
  it("per key: 429 problem+json with retry-after once the key's window is used up; other keys unaffected; reset after the window", async () => {
    const { accountId } = await createAccount();
    const actor = { userId: null, label: "t" };
    const key = await createApiKey(db, accountId, { name: "busy", role: "owner", createdBy: null, actor });
    const other = await createApiKey(db, accountId, { name: "quiet", role: "owner", createdBy: null, actor });
    const call = (k: string, route = listCalls) => route(new Request("http://localhost/api/v1/calls", { headers: { authorization: `Bearer ${k}` } }), undefined as never);

    // Most of the window already used; the real counter takes it the rest of the way.
    await db.execute(sql`insert into rate_limits (key, window_start, count) values (${`api:${key.id}`}, now(), ${API_RATE_LIMIT.limit - 3})`);
    for (let i = 0; i < 3; i++) expect((await call(key.key)).status).toBe(200);
    const limited = await call(key.key);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(API_RATE_LIMIT.windowSeconds);
    expect(await limited.json()).toMatchObject({ status: 429, detail: "Rate limit reached for this API key." });
    // Every route shares the key's limit.
    expect((await call(key.key, getActions)).status).toBe(429);
    expect((await call(other.key)).status).toBe(200);

    await db.execute(sql`update rate_limits set window_start = now() - interval '61 seconds' where key = ${`api:${key.id}`}`);
    expect((await call(key.key)).status).toBe(200);
  });
});
