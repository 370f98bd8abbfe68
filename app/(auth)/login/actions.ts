"use server";

import { AuthError } from "next-auth";
import { cookies, headers } from "next/headers";
import { signIn } from "@/lib/auth";
import { DEV_MAILBOX_COOKIE, DEV_MAILBOX_MAX_AGE_SECONDS, devMailboxEnabled } from "@/lib/dev-mailbox";
import { getEnv } from "@/lib/env";
import { checkRateLimit } from "@/lib/rate-limit";
import { loginSchema } from "./schema";

export type LoginState = { error?: string; fieldError?: string } | undefined;

/** Only same-site paths, so `next` can't send a user off to another site after sign-in. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export async function requestMagicLink(input: unknown): Promise<LoginState> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return { fieldError: parsed.error.issues[0]?.message ?? "Enter a valid email address." };
  const email = parsed.data.email.toLowerCase();

  const ip = (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
  const limits = await Promise.all([
    checkRateLimit(`login:email:${email}`, { limit: 5, windowSeconds: 600 }),
    checkRateLimit(`login:ip:${ip}`, { limit: 30, windowSeconds: 600 }),
  ]);
  const blocked = limits.find((l) => !l.ok);
  if (blocked) {
    return { error: `Too many sign-in emails. Try again in ${Math.ceil(blocked.retryAfterSeconds / 60)} minutes.` };
  }

  if (devMailboxEnabled(getEnv())) {
    // For the check-email page's development mailbox (lib/dev-mailbox.ts); never set in production.
    (await cookies()).set(DEV_MAILBOX_COOKIE, email, { httpOnly: true, sameSite: "lax", path: "/login", maxAge: DEV_MAILBOX_MAX_AGE_SECONDS });
  }

  try {
    await signIn("resend", { email, redirectTo: safeNext(parsed.data.next) });
  } catch (error) {
    // signIn ends with a redirect to the check-email page, which Next implements by throwing.
    if (error instanceof AuthError) return { error: "We could not send the sign-in email. Please try again." };
    throw error;
  }
}
