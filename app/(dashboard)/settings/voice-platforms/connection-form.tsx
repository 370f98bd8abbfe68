"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useId, useState, useTransition } from "react";
import { useForm, useWatch, type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { ActionResult } from "@/lib/action-result";
import { cn } from "@/lib/utils";
import { createConnectionAction, renameConnectionAction, replaceConnectionSecretAction } from "./actions";
import {
  CONNECTION_NAME_MAX,
  createConnectionSchema,
  renameConnectionSchema,
  replaceSecretSchema,
  type CreateConnectionInput,
  type RenameConnectionInput,
  type ReplaceSecretInput,
} from "@/lib/connections/schema";

/**
 * The connection forms, fetched when a dialog opens (connection-dialogs.tsx). Each validates in the
 * browser with the zod schema its server action parses with; the server's field errors land on the
 * same fields, anything else shows above the buttons.
 */
export type PlatformChoice = { value: string; label: string; secretLabel: string; secretHint: string; steps: string[] };
export type CreatedConnection = { id: string; name: string; platform: string; url: string };

function useServerErrors<T extends FieldValues>(form: UseFormReturn<T>, known: Path<T>[]) {
  const [serverError, setServerError] = useState<string>();
  const apply = (result: Extract<ActionResult<unknown>, { ok: false }>) => {
    const fields = result.fields?.filter((f) => (known as string[]).includes(f.field)) ?? [];
    for (const f of fields) form.setError(f.field as Path<T>, { message: f.message });
    setServerError(fields.length === 0 ? result.error : undefined);
  };
  return { serverError, clear: () => setServerError(undefined), apply };
}

function FieldMessage({ id, error, hint }: { id: string; error?: string; hint?: React.ReactNode }) {
  if (error) {
    return (
      <p id={`${id}-error`} role="alert" className="text-sm text-destructive">
        {error}
      </p>
    );
  }
  return hint ? (
    <p id={`${id}-hint`} className="text-xs text-muted-foreground">
      {hint}
    </p>
  ) : null;
}

function describedBy(id: string, error: string | undefined, hasHint: boolean) {
  return error ? `${id}-error` : hasHint ? `${id}-hint` : undefined;
}

/** The secret field: never autofilled or remembered by the browser, never shown as typed. */
function SecretInput({ id, error, hint, ...props }: { id: string; error?: string; hint: boolean } & React.ComponentProps<"input">) {
  return (
    <Input
      id={id}
      type="password"
      autoComplete="off"
      spellCheck={false}
      autoCapitalize="off"
      data-1p-ignore
      data-lpignore="true"
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, error, hint)}
      {...props}
    />
  );
}

function Footer({ pending, submitLabel, serverError }: { pending: boolean; submitLabel: string; serverError?: string }) {
  return (
    <>
      {serverError ? (
        <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {serverError}
        </p>
      ) : null}
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline">
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
          {submitLabel}
        </Button>
      </DialogFooter>
    </>
  );
}

export function AddConnectionForm({ platforms, onCreated }: { platforms: PlatformChoice[]; onCreated: (c: CreatedConnection) => void }) {
  const id = useId();
  const [pending, startTransition] = useTransition();
  const form = useForm<CreateConnectionInput>({
    resolver: zodResolver(createConnectionSchema) as never,
    defaultValues: { platform: undefined as never, name: "", secret: "" },
  });
  const server = useServerErrors(form, ["platform", "name", "secret"]);
  const errors = form.formState.errors;
  const platform = useWatch({ control: form.control, name: "platform" });
  const chosen = platforms.find((p) => p.value === platform);

  const onSubmit = form.handleSubmit((values) => {
    server.clear();
    startTransition(async () => {
      const result = await createConnectionAction(values);
      if (result.ok) return onCreated(result.data);
      server.apply(result);
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <fieldset
        className="grid gap-2"
        aria-describedby={errors.platform ? `${id}-platform-error` : undefined}
      >
        <legend className="mb-2 text-sm font-medium leading-none">Platform</legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {platforms.map((p) => (
            <label
              key={p.value}
              className={cn(
                "flex cursor-pointer items-center gap-2 rounded-md border bg-card px-3 py-2 text-sm font-medium transition-colors hover:bg-accent",
                "has-[:checked]:border-primary has-[:checked]:bg-secondary has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring",
              )}
            >
              <input type="radio" value={p.value} className="size-4 accent-[var(--primary)]" {...form.register("platform")} />
              {p.label}
            </label>
          ))}
        </div>
        <FieldMessage id={`${id}-platform`} error={errors.platform?.message} />
      </fieldset>

      <div className="grid gap-2">
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input
          id={`${id}-name`}
          placeholder="Reception agent"
          maxLength={CONNECTION_NAME_MAX + 20}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy(`${id}-name`, errors.name?.message, true)}
          {...form.register("name")}
        />
        <FieldMessage id={`${id}-name`} error={errors.name?.message} hint="For you: which agent or workspace this is." />
      </div>

      <div className="grid gap-2">
        <Label htmlFor={`${id}-secret`}>{chosen ? chosen.secretLabel : "Signing secret"}</Label>
        <SecretInput id={`${id}-secret`} error={errors.secret?.message} hint {...form.register("secret")} />
        <FieldMessage
          id={`${id}-secret`}
          error={errors.secret?.message}
          hint={
            <>
              {chosen ? chosen.secretHint : "Choose a platform to see where its secret is."} Aftercall stores it encrypted and never shows it
              again.
            </>
          }
        />
      </div>

      <Footer pending={pending} submitLabel="Add connection" serverError={server.serverError} />
    </form>
  );
}

export function RenameConnectionForm({ connection, onSaved }: { connection: { id: string; name: string }; onSaved: (name: string) => void }) {
  const id = useId();
  const [pending, startTransition] = useTransition();
  const form = useForm<RenameConnectionInput>({
    resolver: zodResolver(renameConnectionSchema) as never,
    defaultValues: { id: connection.id, name: connection.name },
  });
  const server = useServerErrors(form, ["name"]);
  const error = form.formState.errors.name?.message;

  const onSubmit = form.handleSubmit((values) => {
    server.clear();
    startTransition(async () => {
      const result = await renameConnectionAction(values);
      if (result.ok) return onSaved(result.data.name);
      server.apply(result);
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <div className="grid gap-2">
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input
          id={`${id}-name`}
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(`${id}-name`, error, false)}
          {...form.register("name")}
        />
        <FieldMessage id={`${id}-name`} error={error} />
      </div>
      <Footer pending={pending} submitLabel="Save name" serverError={server.serverError} />
    </form>
  );
}

export function ReplaceSecretForm({
  connection,
  onSaved,
}: {
  connection: { id: string; secretLabel: string; secretHint: string };
  onSaved: () => void;
}) {
  const id = useId();
  const [pending, startTransition] = useTransition();
  const form = useForm<ReplaceSecretInput>({
    resolver: zodResolver(replaceSecretSchema) as never,
    defaultValues: { id: connection.id, secret: "" },
  });
  const server = useServerErrors(form, ["secret"]);
  const error = form.formState.errors.secret?.message;

  const onSubmit = form.handleSubmit((values) => {
    server.clear();
    startTransition(async () => {
      const result = await replaceConnectionSecretAction(values);
      if (result.ok) return onSaved();
      server.apply(result);
    });
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4">
      <div className="grid gap-2">
        <Label htmlFor={`${id}-secret`}>{connection.secretLabel}</Label>
        <SecretInput id={`${id}-secret`} error={error} hint autoFocus {...form.register("secret")} />
        <FieldMessage id={`${id}-secret`} error={error} hint={connection.secretHint} />
      </div>
      <Footer pending={pending} submitLabel="Replace secret" serverError={server.serverError} />
    </form>
  );
}
