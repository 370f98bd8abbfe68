import { z } from "zod";

export const loginSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address.")
    .max(254, "That email address is too long.")
    .pipe(z.email({ message: "Enter a valid email address, like you@company.com." })),
  next: z.string().optional(),
});

export type LoginInput = z.input<typeof loginSchema>;
