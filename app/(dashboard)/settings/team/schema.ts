import { z } from "zod";

import { ROLES } from "./roles";

export { ROLE_HELP, ROLES } from "./roles";

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
