import { z } from "zod";

/** Shared by the form and the server action; the server also turns the number into E.164. */
export const addNumberSchema = z.object({
  number: z
    .string()
    .trim()
    .min(1, "Enter the phone number your agent answers on.")
    .max(40, "That is too long for a phone number.")
    .regex(/^[+\d\s().-]+$/, "Use digits, spaces and + ( ) - only, like 02 9000 0000 or +61 2 9000 0000."),
  label: z.string().trim().max(60, "Keep the label under 60 characters.").optional(),
});

export type AddNumberInput = z.input<typeof addNumberSchema>;

export const removeNumberSchema = z.object({ id: z.string().min(1).max(100) });
