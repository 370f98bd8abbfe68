"use client";

import { Plus, X } from "lucide-react";
import { useFieldArray, type UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { MAX_WEBHOOK_HEADERS } from "@/lib/post-call-actions/headers";
import type { ActionInput } from "@/lib/post-call-actions/schema";

type Form = UseFormReturn<ActionInput, unknown, unknown>;
type RowErrors = { name?: { message?: string }; value?: { message?: string } }[] & { message?: string; root?: { message?: string } };

/**
 * A webhook action's custom headers. A saved value is never sent back to the browser: its row shows
 * the mask, and leaving the value empty keeps it (the server looks it up by name).
 */
export function HeaderFields({ form }: { form: Form }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: "headers" });
  const errors = form.formState.errors.headers as RowErrors | undefined;
  const listError = errors?.message ?? errors?.root?.message;

  return (
    <fieldset className="flex flex-col gap-2" aria-describedby="headers-hint">
      <legend className="mb-1 text-sm font-medium">Custom headers</legend>
      <p id="headers-hint" className="text-xs text-muted-foreground">
        Sent with every delivery, such as <code className="font-mono">Authorization: Bearer …</code> for a receiver that expects its own key. Values are
        stored encrypted and never shown again. Up to {MAX_WEBHOOK_HEADERS}; the signature headers, content-type and user-agent are ours.
      </p>
      {fields.length > 0 ? (
        <ul className="flex flex-col gap-2" aria-label="Custom headers">
          {fields.map((f, i) => {
            const masked = (f as { masked?: string }).masked;
            const nameError = errors?.[i]?.name?.message;
            const valueError = errors?.[i]?.value?.message;
            const n = i + 1;
            return (
              <li key={f.id} className="flex flex-col gap-1">
                <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-start gap-2">
                  <Input
                    aria-label={`Header ${n} name`}
                    placeholder="Authorization"
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                    aria-invalid={nameError ? true : undefined}
                    aria-describedby={nameError ? `header-${i}-name-error` : undefined}
                    {...form.register(`headers.${i}.name`)}
                  />
                  <Input
                    aria-label={`Header ${n} value`}
                    placeholder={masked ? `${masked} (saved; leave empty to keep)` : "Bearer …"}
                    autoComplete="off"
                    spellCheck={false}
                    className="font-mono"
                    aria-invalid={valueError ? true : undefined}
                    aria-describedby={valueError ? `header-${i}-value-error` : undefined}
                    {...form.register(`headers.${i}.value`)}
                  />
                  <Button type="button" variant="ghost" size="icon" onClick={() => remove(i)} aria-label={`Remove header ${n}`}>
                    <X aria-hidden />
                  </Button>
                </div>
                {nameError ? (
                  <p id={`header-${i}-name-error`} role="alert" className="text-sm text-destructive">
                    {nameError}
                  </p>
                ) : null}
                {valueError ? (
                  <p id={`header-${i}-value-error`} role="alert" className="text-sm text-destructive">
                    {valueError}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {listError ? (
        <p role="alert" className="text-sm text-destructive">
          {listError}
        </p>
      ) : null}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => append({ name: "", value: "" })} disabled={fields.length >= MAX_WEBHOOK_HEADERS}>
          <Plus aria-hidden /> Add header
        </Button>
      </div>
    </fieldset>
  );
}
