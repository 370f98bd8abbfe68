"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2, Plus } from "lucide-react";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { addNumberAction } from "./actions";
import { addNumberSchema, type AddNumberInput } from "./schema";

export function PhoneNumbersForm({ country }: { country: string }) {
  const [pending, startTransition] = useTransition();
  const [serverError, setServerError] = useState<string>();
  const form = useForm<AddNumberInput>({ resolver: zodResolver(addNumberSchema), defaultValues: { number: "", label: "" } });
  const numberError = form.formState.errors.number?.message;
  const labelError = form.formState.errors.label?.message;

  const onSubmit = form.handleSubmit((values) => {
    setServerError(undefined);
    startTransition(async () => {
      const result = await addNumberAction(values);
      if (result.ok) {
        toast.success(`Added ${result.data.display}. Calls to it now appear under Calls.`);
        form.reset();
        return;
      }
      const fields = result.fields ?? [];
      for (const f of fields) {
        if (f.field === "number" || f.field === "label") form.setError(f.field, { message: f.message });
      }
      if (fields.length === 0) setServerError(result.error);
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,14rem)_auto] sm:items-start">
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="number">Phone number</Label>
        <Input
          id="number"
          inputMode="tel"
          autoComplete="off"
          placeholder={country === "AU" ? "02 9000 0000" : "+1 415 555 0100"}
          aria-invalid={numberError ? true : undefined}
          aria-describedby={numberError ? "number-error" : "number-hint"}
          {...form.register("number")}
        />
        {numberError ? (
          <p id="number-error" role="alert" className="text-sm text-destructive">
            {numberError}
          </p>
        ) : (
          <p id="number-hint" className="text-xs text-muted-foreground">
            Any common format. Numbers without a country code are read as {country}.
          </p>
        )}
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="label">Label (optional)</Label>
        <Input
          id="label"
          placeholder="Main line"
          aria-invalid={labelError ? true : undefined}
          aria-describedby={labelError ? "label-error" : undefined}
          {...form.register("label")}
        />
        {labelError ? (
          <p id="label-error" role="alert" className="text-sm text-destructive">
            {labelError}
          </p>
        ) : null}
      </div>
      <Button type="submit" disabled={pending} className="sm:mt-5">
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Plus aria-hidden />}
        {pending ? "Adding…" : "Add number"}
      </Button>
      {serverError ? (
        <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive sm:col-span-3">
          {serverError}
        </p>
      ) : null}
    </form>
  );
}
