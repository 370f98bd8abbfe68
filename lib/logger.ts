import pino from "pino";
import { getEnv } from "./env";

/**
 * Structured logger. Paths that can hold secrets, tokens or personal data are redacted so a log
 * line can be shared safely; phone numbers are passed through `maskPhone` by callers.
 */
let root: pino.Logger | undefined;

function rootLogger() {
  root ??= pino({
    level: getEnv().LOG_LEVEL,
    base: undefined,
    redact: {
      paths: [
        "secret",
        "*.secret",
        "token",
        "*.token",
        "url",
        "authorization",
        "*.authorization",
        "headers.authorization",
        "apiKey",
        "*.apiKey",
        "password",
        "*.password",
        "body",
      ],
      censor: "[redacted]",
    },
  });
  return root;
}

export type Logger = Pick<pino.Logger, "fatal" | "error" | "warn" | "info" | "debug" | "trace">;

/**
 * A scoped logger. Created lazily so modules can hold one at top level without reading the
 * environment at import time (which `next build` does without secrets).
 */
export function logger(scope: string): Logger {
  let child: pino.Logger | undefined;
  const get = () => (child ??= rootLogger().child({ scope }));
  return {
    fatal: (...args: Parameters<pino.LogFn>) => get().fatal(...args),
    error: (...args: Parameters<pino.LogFn>) => get().error(...args),
    warn: (...args: Parameters<pino.LogFn>) => get().warn(...args),
    info: (...args: Parameters<pino.LogFn>) => get().info(...args),
    debug: (...args: Parameters<pino.LogFn>) => get().debug(...args),
    trace: (...args: Parameters<pino.LogFn>) => get().trace(...args),
  } as Logger;
}

/** +61412345678 → +614•••••678: enough to tell calls apart, not enough to dial. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  if (phone.length <= 7) return "•••";
  return `${phone.slice(0, 4)}${"•".repeat(phone.length - 7)}${phone.slice(-3)}`;
}

/** owner@example.com → o•••@example.com */
export function maskEmail(email: string | null | undefined): string {
  if (!email) return "";
  const [user = "", domain = ""] = email.split("@");
  return `${user.slice(0, 1)}•••@${domain}`;
}
