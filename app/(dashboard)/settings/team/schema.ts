import { z } from "zod";

export const ROLES = ["owner", "developer", "viewer"] as const;

export const ROLE_HELP: Record<(typeof ROLES)[number], string> = {
  owner: "Everything, including the team, credits and account settings.",
  developer: "Post-call actions, webhooks and API keys; reads everything.",
  viewer: "Reads calls, deliveries and credits; changes nothing.",
};

export const inviteSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: "Enter a valid email address, like name@company.com." })),
  role: z.enum(ROLES, { message: "Choose a role." }),
});
export type InviteInput = z.input<typeof inviteSchema>;

export const roleChangeSchema = z.object({
  userId: z.string().min(1),
  role: z.enum(ROLES, { message: "Choose a role." }),
});
export const memberSchema = z.object({ userId: z.string().min(1) });
export const invitationIdSchema = z.object({ invitationId: z.string().min(1) });
