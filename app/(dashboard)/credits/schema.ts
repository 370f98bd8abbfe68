import { z } from "zod";

/** The low-balance alert: empty turns it off. */
export const thresholdSchema = z.object({
  threshold: z
    .string()
    .trim()
    .refine(
      (v) => v === "" || /^\d+$/.test(v),
      "Enter a whole number of credits, or leave it empty to turn the alert off.",
    )
    .refine((v) => v === "" || Number(v) <= 100_000_000, "That is more credits than an account can hold."),
});
export type ThresholdInput = z.infer<typeof thresholdSchema>;
