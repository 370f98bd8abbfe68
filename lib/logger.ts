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
    serializers: { err: serializeError, error: serializeError },
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

/**
 * Error messages carry data: Drizzle appends the query parameters ("params: +61412345678,whsec_…")
 * and PostgreSQL quotes the offending value. Logged errors keep their type, message and stack, with
 * parameters removed and numbers, secrets and keys masked.
 */
export function scrubLogText(text: string): string {
  return text
    .replace(/\nparams: [^\n]*/g, "\nparams: [redacted]")
    .replace(/whsec_[A-Za-z0-9+/=]+/g, "whsec_[redacted]")
    .replace(/\bak_[A-Za-z0-9_-]{8,}/g, "ak_[redacted]")
    .replace(/([?&](?:token|key|secret|signature|sig)=)[^&\s"]+/gi, "$1[redacted]")
    .replace(/\+?\d{8,15}\b/g, (m) => maskPhone(m.startsWith("+") ? m : `+${m}`));
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubLogText(value);
  if (depth > 5 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === "string" ? scrubLogText(error) : scrubDeep(error);
  return scrubDeep(pino.stdSerializers.err(error));
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
