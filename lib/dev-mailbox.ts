import type { Db } from "@/db";
import { latestSignInEmail } from "@/db/queries/outbox";
import type { Env } from "@/lib/env";

/**
 * The development mailbox: run locally with no email provider, sign-in emails are kept in the outbox,
 * not sent, so the check-email page offers the link itself (the terminal prints it too). The login
 * form remembers the address in a short-lived cookie for that page. Never in production: there a
 * link on the page would let anyone who types an address sign in as its owner.
 */
export const DEV_MAILBOX_COOKIE = "aftercall-dev-mailbox";
export const DEV_MAILBOX_MAX_AGE_SECONDS = 15 * 60;

export function devMailboxEnabled(env: Pick<Env, "NODE_ENV" | "RESEND_API_KEY">): boolean {
  return env.NODE_ENV !== "production" && !env.RESEND_API_KEY;
}

const LINK = /https?:\/\/[^\s"'<>\])]+\/api\/auth\/callback\/[^\s"'<>\])]+/;

/** The sign-in link kept for `email`, when the mailbox is on and one was kept in the last 15 minutes. */
export async function devMailboxLink(db: Db, env: Pick<Env, "NODE_ENV" | "RESEND_API_KEY">, email: string | undefined): Promise<string | null> {
  if (!devMailboxEnabled(env) || !email) return null;
  const kept = await latestSignInEmail(db, email.toLowerCase());
  return kept?.text.match(LINK)?.[0] ?? null;
}
