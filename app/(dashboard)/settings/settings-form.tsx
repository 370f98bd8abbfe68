"use client";

import { Loader2 } from "lucide-react";
import { useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { lazyResolver } from "@/lib/lazy-resolver";
import { saveSettings } from "./actions";
import type { SettingsInput, SettingsOutput } from "./schema";

const validation = lazyResolver<SettingsInput, unknown, SettingsOutput>(() =>
  Promise.all([import("@hookform/resolvers/zod"), import("./schema")]).then(([{ zodResolver }, { settingsSchema }]) =>
    zodResolver(settingsSchema),
  ),
);

type Option = { value: string; label: string };

export function SettingsForm({
  defaults,
  countries,
  timeZones,
}: {
  defaults: SettingsOutput;
  countries: Option[];
  timeZones: string[];
}) {
  const [pending, startTransition] = useTransition();
  const form = useForm<SettingsInput, unknown, SettingsOutput>({
    resolver: validation.resolver,
    defaultValues: defaults,
  });
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit((values) => {
    startTransition(async () => {
      const result = await saveSettings(values);
      if (!result.ok) {
        for (const f of result.fields ?? [])
          form.setError(f.field as keyof SettingsInput, { message: f.message });
        if (!result.fields?.length) toast.error(result.error);
        return;
      }
      form.reset(values);
      toast.success(result.data.changed.length ? "Settings saved." : "Nothing changed.");
    });
  });
  const field = (name: keyof SettingsInput, label: string, control: React.ReactNode, help?: string) => {
    const error = errors[name]?.message;
    return (
      <div className="flex flex-col gap-2">
        <Label htmlFor={name}>{label}</Label>
        {control}
        {error ? (
          <p id={`${name}-error`} role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : help ? (
          <p id={`${name}-help`} className="text-xs text-muted-foreground">
            {help}
          </p>
        ) : null}
      </div>
    );
  };
  const describedBy = (name: keyof SettingsInput, help: boolean) =>
    errors[name] ? `${name}-error` : help ? `${name}-help` : undefined;
  return (
    <form onSubmit={onSubmit} onFocus={validation.preload} noValidate className="grid gap-5 sm:grid-cols-2" aria-label="Account settings">
      {field(
        "name",
        "Account name",
        <Input
          id="name"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy("name", false)}
          {...form.register("name")}
        />,
      )}
      {field(
        "defaultCountry",
        "Default country for phone numbers",
        <NativeSelect
          id="defaultCountry"
          aria-describedby={describedBy("defaultCountry", true)}
          {...form.register("defaultCountry")}
        >
          {countries.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </NativeSelect>,
        "Numbers typed without a country code are read as this country's.",
      )}
      {field(
        "timeZone",
        "Time zone",
        <NativeSelect
          id="timeZone"
          aria-describedby={describedBy("timeZone", true)}
          {...form.register("timeZone")}
        >
          {timeZones.map((tz) => (
            <option key={tz} value={tz}>
              {tz.replace(/_/g, " ")}
            </option>
          ))}
        </NativeSelect>,
        "Every time in the dashboard is shown in it; days and weeks start in it.",
      )}
      {field(
        "recordingRetentionMonths",
        "Keep call recordings for",
        <NativeSelect
          id="recordingRetentionMonths"
          aria-describedby={describedBy("recordingRetentionMonths", true)}
          {...form.register("recordingRetentionMonths")}
        >
          {[1, 2, 3, 4, 5, 6].map((m) => (
            <option key={m} value={m}>
              {m} month{m === 1 ? "" : "s"}
            </option>
          ))}
        </NativeSelect>,
        "Older recording links stop working when the purge job runs.",
      )}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending || !form.formState.isDirty}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
          {pending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}
