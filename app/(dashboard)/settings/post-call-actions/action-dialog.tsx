"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { sampleCallView } from "@/lib/messages/call-view";
import { formatPhone } from "@/lib/phone";
import { CHANNEL_LABEL, CHANNELS, formatCredits, priceOf, type Channel } from "@/lib/pricing";
import { cn } from "@/lib/utils";
import { CHANNEL_CARRIES, CHANNEL_ICON, CHANNEL_TINT, DESTINATION_LABEL, DESTINATION_PLACEHOLDER } from "./channel-meta";
import type { DraftAction, PreviewContext } from "./draft";
import { HeaderFields } from "./header-fields";
import { TemplateFields } from "./template-fields";
import { CALL_STATUSES, STATUS_LABEL } from "@/lib/post-call-actions/labels";
import { actionSchema, type ActionData, type SchemaOptions } from "@/lib/post-call-actions/schema";

type Schema = ReturnType<typeof actionSchema>;
type FormIn = z.input<Schema>;

const INPUT_MODE: Record<Channel, React.HTMLAttributes<HTMLInputElement>["inputMode"]> = { sms: "tel", email: "email", webhook: "url" };

/** Add or edit one action: channel first, then where it goes, then when it runs. */
export function ActionDialog({
  open,
  onOpenChange,
  editing,
  schemaOptions,
  previewContext,
  onSubmit,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  editing: DraftAction | null;
  schemaOptions: SchemaOptions;
  /** For the live message preview: the sample call, in the account's time zone. */
  previewContext: PreviewContext;
  /** The action, and where it goes as the page shows it (an SMS number formatted). */
  onSubmit: (action: ActionData, destination: string) => void;
}) {
  const schema = useMemo(() => actionSchema(schemaOptions), [schemaOptions]);
  const sample = useMemo(() => sampleCallView(previewContext.appUrl, previewContext.timeZone), [previewContext]);
  const form = useForm<FormIn, unknown, ActionData>({
    resolver: zodResolver(schema),
    defaultValues: blank(),
  });

  useEffect(() => {
    if (!open) return;
    form.reset(
      editing
        ? {
            channel: editing.channel,
            to: editing.to,
            enabled: editing.enabled,
            conditions: { ...editing.conditions },
            template: { body: "", subject: "", intro: "", ...editing.template },
            headers: (editing.headers ?? []).map((h) => ({ name: h.name, value: h.value ?? "", ...(h.masked ? { masked: h.masked } : {}) })),
          }
        : blank(),
    );
  }, [open, editing, form]);

  const channel = (useWatch({ control: form.control, name: "channel" }) ?? "sms") as Channel;
  // A destination typed for one channel says nothing about another: drop its error on switching.
  useEffect(() => {
    form.clearErrors("to");
    form.clearErrors("template");
    form.clearErrors("headers");
  }, [channel, form]);
  // Nor do another channel's template or headers (an SMS has no subject, an email no headers): dropped
  // when the owner picks another channel, not when the form is reset to the action being edited.
  const onChannelPicked = (picked: Channel) => {
    if (picked !== "sms") form.setValue("template.body", "");
    if (picked !== "email") {
      form.setValue("template.subject", "");
      form.setValue("template.intro", "");
    }
    if (picked !== "webhook") form.setValue("headers", []);
  };
  const errors = form.formState.errors;
  const toError = errors.to?.message;
  const statusError = errors.conditions?.statuses?.message ?? errors.conditions?.statuses?.root?.message;
  const durationError = errors.conditions?.min_duration_seconds?.message;

  const submit = form.handleSubmit((values) => {
    // A header's value may be left empty only to keep one already saved under its name.
    const missing = values.headers.findIndex((h) => !h.value && !h.masked);
    if (missing !== -1) {
      form.setError(`headers.${missing}.value`, { message: `Enter a value for ${values.headers[missing]!.name}.` }, { shouldFocus: true });
      return;
    }
    onSubmit({ ...values, ...(editing?.id ? { id: editing.id } : {}) }, values.channel === "sms" ? formatPhone(values.to) : values.to);
    onOpenChange(false);
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{editing ? "Edit action" : "Add a post-call action"}</DialogTitle>
          <DialogDescription>Changes join the list below; nothing is stored until you save.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} noValidate className="flex flex-col gap-5" aria-label={editing ? "Edit action" : "Add action"}>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-2 text-sm font-medium">Channel</legend>
            <div className="grid grid-cols-3 gap-2">
              {CHANNELS.map((c) => {
                const Icon = CHANNEL_ICON[c];
                return (
                  <label
                    key={c}
                    className={cn(
                      "relative flex cursor-pointer flex-col items-center gap-1.5 rounded-md border p-2.5 text-center text-sm transition-colors sm:items-start sm:p-3 sm:text-left has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring",
                      channel === c ? "border-primary bg-secondary" : "hover:bg-accent",
                    )}
                  >
                    <input type="radio" value={c} className="sr-only" {...form.register("channel", { onChange: () => onChannelPicked(c) })} />
                    <span className="flex flex-col items-center gap-1.5 font-medium sm:flex-row sm:gap-2">
                      <span className={cn("grid size-7 place-items-center rounded-md", CHANNEL_TINT[c])}>
                        <Icon className="size-4" aria-hidden />
                      </span>
                      {CHANNEL_LABEL[c]}
                    </span>
                    <span className="text-xs text-muted-foreground">{formatCredits(priceOf(c))}</span>
                  </label>
                );
              })}
            </div>
            <p className="text-xs text-muted-foreground">{CHANNEL_CARRIES[channel]}</p>
          </fieldset>

          <div className="flex flex-col gap-2">
            <Label htmlFor="action-to">{DESTINATION_LABEL[channel]}</Label>
            <Input
              id="action-to"
              autoComplete="off"
              spellCheck={false}
              inputMode={INPUT_MODE[channel]}
              placeholder={DESTINATION_PLACEHOLDER[channel]}
              aria-invalid={toError ? true : undefined}
              aria-describedby={toError ? "action-to-error" : "action-to-hint"}
              {...form.register("to")}
            />
            {toError ? (
              <p id="action-to-error" role="alert" className="text-sm text-destructive">
                {toError}
              </p>
            ) : (
              <p id="action-to-hint" className="text-xs text-muted-foreground">
                {channel === "sms"
                  ? `Any common format; numbers without a country code are read as ${schemaOptions.defaultCountry}.`
                  : channel === "email"
                    ? "Each call's email goes to this address."
                    : "We POST a signed JSON payload here. Verify it with the secret in Developer Tools."}
              </p>
            )}
          </div>

          {channel === "webhook" ? <HeaderFields form={form} /> : <TemplateFields form={form} channel={channel} sample={sample} />}

          <fieldset className="flex flex-col gap-2" aria-describedby={statusError ? "action-statuses-error" : undefined}>
            <legend className="mb-1 text-sm font-medium">Run after calls that were</legend>
            <div className="flex flex-wrap gap-2">
              {CALL_STATUSES.map((s) => (
                <label
                  key={s}
                  className="flex cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm has-[:checked]:border-primary has-[:checked]:bg-secondary has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring"
                >
                  <input type="checkbox" value={s} className="size-4 accent-[var(--primary)]" {...form.register("conditions.statuses")} />
                  {STATUS_LABEL[s]}
                </label>
              ))}
            </div>
            {statusError ? (
              <p id="action-statuses-error" role="alert" className="text-sm text-destructive">
                {statusError}
              </p>
            ) : null}
          </fieldset>

          <div className="flex flex-col gap-2">
            <Label htmlFor="action-min-duration">Minimum call duration</Label>
            <div className="flex items-center gap-2">
              <Input
                id="action-min-duration"
                type="number"
                min={0}
                step={1}
                inputMode="numeric"
                className="w-28 tabular-nums"
                aria-invalid={durationError ? true : undefined}
                aria-describedby={durationError ? "action-min-duration-error" : "action-min-duration-hint"}
                {...form.register("conditions.min_duration_seconds", { valueAsNumber: true })}
              />
              <span className="text-sm text-muted-foreground">seconds</span>
            </div>
            {durationError ? (
              <p id="action-min-duration-error" role="alert" className="text-sm text-destructive">
                {durationError}
              </p>
            ) : (
              <p id="action-min-duration-hint" className="text-xs text-muted-foreground">
                Shorter calls are skipped, and cost nothing. 0 runs after every matching call.
              </p>
            )}
          </div>

          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit">{editing ? "Update action" : "Add to list"}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function blank(): FormIn {
  return {
    channel: "sms",
    to: "",
    enabled: true,
    conditions: { statuses: ["completed"], min_duration_seconds: 0 },
    template: { body: "", subject: "", intro: "" },
    headers: [],
  };
}
