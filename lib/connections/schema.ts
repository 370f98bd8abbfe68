import { z } from "zod";
import { PLATFORMS } from "@/lib/platforms/types";

/**
 * Voice platform connections: one schema for the settings page's forms, its server actions and
 * the public API (`POST /api/v1/connections`), so each refuses the same input with the same words.
 */
export const CONNECTION_NAME_MAX = 60;
export const CONNECTION_SECRET_MIN = 8;
export const CONNECTION_SECRET_MAX = 512;

export const connectionPlatformSchema = z.enum(PLATFORMS, {
  message: `Choose a platform: ${PLATFORMS.join(", ")}.`,
});

export const connectionNameSchema = z
  .string({ message: "Name the connection, e.g. “Reception agent”." })
  .trim()
  .min(1, "Name the connection, e.g. “Reception agent”.")
  .max(CONNECTION_NAME_MAX, `Keep the name under ${CONNECTION_NAME_MAX} characters.`);

/**
 * The platform's secret. Spaces around it (a careless paste) are dropped; spaces or line breaks inside
 * it mean something else was copied along, since no platform's secret has any.
 */
export const connectionSecretSchema = z
  .string({ message: "Paste the secret from the platform." })
  .trim()
  .superRefine((secret, ctx) => {
    const message = secretProblem(secret);
    if (message) ctx.addIssue({ code: "custom", message });
  });

/** The one thing wrong with a (trimmed) secret, most basic first, so a field shows one message. */
function secretProblem(secret: string): string | null {
  if (secret.length === 0) return "Paste the secret from the platform.";
  if (/\s/.test(secret)) return "The secret has a space or line break in it. Paste it exactly as the platform shows it.";
  if (!/^[\x21-\x7e]+$/.test(secret)) return "The secret has characters no platform uses. Paste it exactly as the platform shows it.";
  if (secret.length < CONNECTION_SECRET_MIN) return `That is too short for a signing secret (at least ${CONNECTION_SECRET_MIN} characters).`;
  if (secret.length > CONNECTION_SECRET_MAX) return `That is too long for a signing secret (at most ${CONNECTION_SECRET_MAX} characters).`;
  return null;
}

export const connectionIdSchema = z.string().regex(/^con_[0-9a-z]{8,40}$/, "Not a connection id");

export const createConnectionSchema = z.object({
  platform: connectionPlatformSchema,
  name: connectionNameSchema,
  secret: connectionSecretSchema,
});

export const renameConnectionSchema = z.object({ id: connectionIdSchema, name: connectionNameSchema });
export const replaceSecretSchema = z.object({ id: connectionIdSchema, secret: connectionSecretSchema });

export type CreateConnectionInput = z.input<typeof createConnectionSchema>;
export type RenameConnectionInput = z.input<typeof renameConnectionSchema>;
export type ReplaceSecretInput = z.input<typeof replaceSecretSchema>;
