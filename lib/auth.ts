import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import { headers } from "next/headers";
import GitHub from "next-auth/providers/github";
import Resend from "next-auth/providers/resend";
import { getDb } from "@/db";
import { oauthAccounts, sessions, users, verificationTokens } from "@/db/schema";
import { auditSignIn } from "@/db/queries/accounts";
import { ensureAccountFor } from "@/db/queries/signup";
import { hasOpenInvitation } from "@/db/queries/team";
import { MagicLinkEmail } from "@/components/emails/magic-link-email";
import { sendEmail } from "@/lib/delivery/email";
import { getEnv } from "@/lib/env";
import { logger, maskEmail } from "@/lib/logger";
import { renderEmail } from "@/lib/messages/render-email";
import { checkRateLimit } from "@/lib/rate-limit";

const log = logger("auth");

/** The same limits as the sign-in form's action (app/(auth)/login/actions.ts), on their own keys. */
export const MAGIC_LINK_LIMITS = {
  perAddress: { limit: 5, windowSeconds: 600 },
  perIp: { limit: 30, windowSeconds: 600 },
};

/**
 * Auth.js's own endpoint (POST /api/auth/signin/resend, with a CSRF token anyone can fetch) sends
 * links without going through the sign-in form's action, so the limits are enforced here too, where
 * every magic link is sent. Past a limit nothing is sent and Auth.js shows its error page.
 */
async function checkMagicLinkLimits(email: string) {
  let ip = "local";
  try {
    ip = (await headers()).get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
  } catch {
    // Outside a request (scripts): the per-address limit still applies.
  }
  const limits = await Promise.all([
    checkRateLimit(`magic-link:email:${email.toLowerCase()}`, MAGIC_LINK_LIMITS.perAddress),
    checkRateLimit(`magic-link:ip:${ip}`, MAGIC_LINK_LIMITS.perIp),
  ]);
  if (limits.some((l) => !l.ok)) {
    log.warn({ to: maskEmail(email) }, "magic link refused: rate limit");
    throw new Error("Too many sign-in emails. Try again later.");
  }
}

async function sendMagicLink({ identifier, url }: { identifier: string; url: string }) {
  await checkMagicLinkLimits(identifier);
  const host = new URL(url).host;
  const element = MagicLinkEmail({ url, host });
  const { html, text } = await renderEmail(element);
  const result = await sendEmail({
    accountId: null,
    to: identifier,
    subject: "Your Aftercall sign-in link",
    html,
    text,
    kind: "magic_link",
  });
  if (result.via === "outbox" && getEnv().NODE_ENV !== "production") {
    // Local development has no mail server: the link goes to the terminal. Never in production logs.
    console.log(`\n[aftercall] Sign-in link for ${identifier}:\n  ${url}\n`);
  } else {
    log.info({ to: maskEmail(identifier), via: result.via }, "magic link sent");
  }
}

// The config is a function so nothing (secrets, the database) is read when `next build` imports this.
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const env = getEnv();
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    adapter: DrizzleAdapter(getDb(), {
      usersTable: users,
      accountsTable: oauthAccounts,
      sessionsTable: sessions,
      verificationTokensTable: verificationTokens,
    }),
    session: { strategy: "database", maxAge: 30 * 24 * 3600 },
    providers: [
      Resend({ from: env.EMAIL_FROM, apiKey: env.RESEND_API_KEY ?? "outbox", sendVerificationRequest: sendMagicLink }),
      ...(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET
        ? [GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET })]
        : []),
    ],
    pages: { signIn: "/login", verifyRequest: "/login/check-email", error: "/login/error" },
    events: {
      // First sign-in of a new email: a workspace of its own, with the sign-up credits.
      // Someone signing up through an invitation joins that account instead: no empty workspace of
      // their own to confuse them (the dashboard still creates one if they never accept).
      async createUser({ user }) {
        if (!user.id || !user.email) return;
        if (await hasOpenInvitation(getDb(), user.email)) return;
        await ensureAccountFor(getDb(), { id: user.id, email: user.email });
      },
      async signIn({ user, account }) {
        if (!user.id || !user.email) return;
        try {
          await auditSignIn(getDb(), { id: user.id, email: user.email }, account?.provider ?? "unknown");
        } catch (error) {
          // A failed audit write must not lock people out; it is logged for follow-up.
          log.error({ err: error }, "could not audit a sign-in");
        }
      },
    },
  };
});

export const oauthProviders = () => (getEnv().AUTH_GITHUB_ID ? [{ id: "github", name: "GitHub" }] : []);
