import { z } from "zod";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key, e.g. “CRM sync”.").max(60, "Keep the name under 60 characters."),
  role: z.enum(["developer", "viewer"], { message: "Choose what the key may do." }),
});

export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
