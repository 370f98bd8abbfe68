"use client";

import { Loader2 } from "lucide-react";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { lazyResolver } from "@/lib/lazy-resolver";
import { saveThreshold } from "./actions";
import type { ThresholdInput } from "./schema";

const validation = lazyResolver<ThresholdInput, unknown, ThresholdInput>(() =>
  Promise.all([import("@hookform/resolvers/zod"), import("./schema")]).then(([{ zodResolver }, { thresholdSchema }]) =>
    zodResolver(thresholdSchema),
  ),
);

export function ThresholdForm({ threshold }: { threshold: number | null }) {
  const [pending, startTransition] = useTransition();
  const form = useForm<ThresholdInput>({
    resolver: validation.resolver,
    defaultValues: { threshold: threshold === null ? "" : String(threshold) },
  });
  const error = form.formState.errors.threshold?.message;
  const onSubmit = form.handleSubmit((values) => {
    startTransition(async () => {
      const result = await saveThreshold(values);
      if (!result.ok) {
        const field = result.fields?.find((f) => f.field === "threshold");
        if (field) form.setError("threshold", { message: field.message });
        else toast.error(result.error);
        return;
      }
      toast.success(
        result.data.threshold === null
          ? "Low-balance alert turned off."
          : `Owners will be emailed once the balance drops below ${result.data.threshold.toLocaleString("en")}.`,
      );
    });
  });
  return (
    <form onSubmit={onSubmit} onFocus={validation.preload} noValidate className="flex flex-col gap-2">
      <Label htmlFor="threshold">Low-balance alert (credits)</Label>
      <div className="flex gap-2">
        <Input
          id="threshold"
          inputMode="numeric"
          placeholder="Off"
          className="max-w-40"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "threshold-error threshold-help" : "threshold-help"}
          {...form.register("threshold")}
        />
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
          {pending ? "Saving…" : "Save"}
        </Button>
      </div>
      {error ? (
        <p id="threshold-error" role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <p id="threshold-help" className="text-xs text-muted-foreground">
        Owners get one email when the balance drops below this. Leave empty to turn it off.
      </p>
    </form>
  );
}
