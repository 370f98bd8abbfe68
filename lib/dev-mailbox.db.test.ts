import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { writeOutbox } from "@/lib/delivery/outbox";
import { devMailboxEnabled, devMailboxLink } from "./dev-mailbox";

const dev = { NODE_ENV: "development", RESEND_API_KEY: undefined } as const;
const link = "http://localhost:3000/api/auth/callback/resend?callbackUrl=%2F&token=abc123&email=me%40example.com";

async function keepSignInEmail(to: string, url = link) {
  await writeOutbox(db, { accountId: null, channel: "email", to, subject: "Your Aftercall sign-in link", text: `Sign in to Aftercall\n\nSign in ${url}\n`, kind: "magic_link" });
}

describe("the development mailbox", () => {
  it("is on only outside production with no email provider", () => {
    expect(devMailboxEnabled(dev)).toBe(true);
    expect(devMailboxEnabled({ NODE_ENV: "test" })).toBe(true);
    expect(devMailboxEnabled({ NODE_ENV: "production" })).toBe(false);
    expect(devMailboxEnabled({ NODE_ENV: "development", RESEND_API_KEY: "re_123" })).toBe(false);
  });

  it("offers the newest sign-in link kept for that address", async () => {
    await keepSignInEmail("me@example.com", link.replace("abc123", "older"));
    await keepSignInEmail("me@example.com");
    await keepSignInEmail("someone-else@example.com", link.replace("abc123", "theirs"));
    expect(await devMailboxLink(db, dev, "Me@Example.com")).toBe(link);
    expect(await devMailboxLink(db, dev, "nobody@example.com")).toBeNull();
    expect(await devMailboxLink(db, dev, undefined)).toBeNull();
  });

  it("never offers a link in production, or when emails really go out", async () => {
    await keepSignInEmail("prod@example.com");
    expect(await devMailboxLink(db, { NODE_ENV: "production" }, "prod@example.com")).toBeNull();
    expect(await devMailboxLink(db, { NODE_ENV: "development", RESEND_API_KEY: "re_123" }, "prod@example.com")).toBeNull();
  });

  it("ignores a link older than 15 minutes", async () => {
    await keepSignInEmail("late@example.com");
    await db.execute(sql`update outbox set created_at = now() - interval '16 minutes' where to_address = 'late@example.com'`);
    expect(await devMailboxLink(db, dev, "late@example.com")).toBeNull();
  });
});
