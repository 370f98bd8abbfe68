import { z } from "zod";
import { loadDevSecrets, resolveDataDir } from "./dev-secrets";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded (openssl rand -base64 32)");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection URL"),
  ),
  APP_URL: z
    .url({ message: "must be an absolute URL such as https://app.example.com" })
    .default("http://localhost:3000")
    .transform((v) => v.replace(/\/+$/, "")),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)"),
  APP_ENCRYPTION_KEY: base64Key,
  TELEPHONY_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must look like whsec_<base64>"),
  TWILIO_ACCOUNT_SID: optional(z.string().regex(/^AC[0-9a-fA-F]{32}$/, "must be AC followed by 32 hex digits")),
  TWILIO_AUTH_TOKEN: optional(z.string().min(8, "is too short")),
  TWILIO_FROM_NUMBER: optional(z.string().regex(/^\+[1-9]\d{6,14}$/, "must be an E.164 number like +61400000000")),
  TWILIO_API_BASE_URL: optional(z.url({ message: "must be an absolute URL" })),
  RESEND_API_KEY: optional(z.string().min(3, "is too short")),
  RESEND_BASE_URL: optional(z.url({ message: "must be an absolute URL" })),
  // Resend's webhook signing secret, for its delivery events at /api/v1/resend/events (unset: that route answers 404).
  RESEND_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must look like whsec_<base64> (the webhook's signing secret in Resend)")),
  EMAIL_FROM: z.string().min(3).default("Aftercall <notifications@aftercall.dev>"),
  // Unset: on under `next dev` (NODE_ENV=development, so a receiver on 127.0.0.1 works), off otherwise
  // (see parseEnv). Production keeps http:// and private addresses refused unless set explicitly.
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: optional(z.enum(["true", "false"], { message: 'must be "true" or "false"' })).transform(
    (v) => v === "true",
  ),
  WORKER: z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on"),
  SIGNUP_CREDITS: z.coerce.number().int().min(0).default(500),
  AUTH_GITHUB_ID: optional(z.string().min(1)),
  AUTH_GITHUB_SECRET: optional(z.string().min(1)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DB_POOL_MAX: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(500, "must be at most 500").default(10),
  AFTERCALL_DATA_DIR: optional(z.string().min(1)),
  // Test-only: shrinks the delivery retry schedule (0.001 turns 5 min into 0.3 s) so the chaos suite can
  // run a receiver outage through the real worker. Refused in production (see parseEnv).
  DELIVERY_RETRY_SCALE: z.coerce
    .number({ message: "must be a number" })
    .positive("must be greater than 0")
    .max(1, "must be at most 1")
    .default(1),
});

export type Env = z.infer<typeof schema>;

/** Every variable read (each is documented in .env.example). */
export const ENV_KEYS = Object.keys(schema.shape);

export class EnvError extends Error {}

/** Validates an environment; secrets that are missing outside production come from `.data/secrets.json`. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const input = { ...source };
  // Only an explicit development run (`next dev` sets it) gets local receivers by default: a script or
  // worker started with NODE_ENV unset might be a deployment that forgot it.
  if (!input.WEBHOOK_ALLOW_PRIVATE_NETWORKS && input.NODE_ENV === "development") input.WEBHOOK_ALLOW_PRIVATE_NETWORKS = "true";
  if (input.NODE_ENV !== "production") {
    const missing = (["AUTH_SECRET", "APP_ENCRYPTION_KEY", "TELEPHONY_WEBHOOK_SECRET"] as const).filter(
      (k) => !input[k],
    );
    if (missing.length > 0) {
      const generated = loadDevSecrets(dataDir(input));
      for (const k of missing) input[k] = generated[k];
    }
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = i.path.join(".");
      const msg = i.code === "invalid_type" && input[name] === undefined ? "is required" : i.message;
      return `  ${name} ${msg}`;
    });
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  if (result.data.NODE_ENV === "production" && result.data.DELIVERY_RETRY_SCALE !== 1) {
    throw new EnvError("Invalid environment:\n  DELIVERY_RETRY_SCALE is for tests only; unset it in production");
  }
  if (result.data.TWILIO_ACCOUNT_SID && (!result.data.TWILIO_AUTH_TOKEN || !result.data.TWILIO_FROM_NUMBER)) {
    throw new EnvError("Invalid environment:\n  TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER are required with TWILIO_ACCOUNT_SID");
  }
  return result.data;
}

/**
 * The folder for local state (generated dev secrets, the embedded database): AFTERCALL_DATA_DIR or
 * ./.data. Read from the raw environment, as `parseEnv` needs it before the rest is validated.
 */
export function dataDir(source: Record<string, string | undefined> = process.env): string {
  return resolveDataDir(source.AFTERCALL_DATA_DIR || undefined);
}

let cached: Env | undefined;

/** The validated environment, parsed on first use (so `next build` needs no secrets). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}

export const env: Env = new Proxy({} as Env, {
  get: (_target, key: string) => getEnv()[key as keyof Env],
});
