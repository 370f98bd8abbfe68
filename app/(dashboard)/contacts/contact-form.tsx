"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import { useId, useState, useTransition } from "react";
import { useForm, type FieldPath } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { ActionResult } from "@/lib/action-result";
import { formatPhone } from "@/lib/phone";
import type { SavedContact } from "./actions";
import { contactSchema, type ContactFormInput, type ContactInput } from "@/lib/contacts/schema";

type FormValues = { name: string; phone: string; email: string; company: string; notes: string };

/**
 * Add / edit / save-from-call: one form, validated in the browser with the same zod schema the server
 * action uses; the server's field errors (an invalid or already-saved number) land on the field.
 */
export function ContactForm({
  defaults,
  submit,
  submitLabel,
  onSaved,
  defaultCountry,
}: {
  defaults?: Partial<ContactFormInput>;
  submit: (values: ContactInput) => Promise<ActionResult<SavedContact>>;
  submitLabel: string;
  onSaved: (contact: SavedContact) => void;
  defaultCountry?: string;
}) {
  const id = useId();
  const [pending, startTransition] = useTransition();
  const [serverError, setServerError] = useState<string>();
  const form = useForm<FormValues, unknown, ContactInput>({
    resolver: zodResolver(contactSchema) as never,
    defaultValues: {
      name: defaults?.name ?? "",
      phone: defaults?.phone ?? "",
      email: defaults?.email ?? "",
      company: defaults?.company ?? "",
      notes: defaults?.notes ?? "",
    },
  });
  const errors = form.formState.errors;

  const onSubmit = form.handleSubmit((values) => {
    setServerError(undefined);
    startTransition(async () => {
      const result = await submit(values);
      if (result.ok) return onSaved(result.data);
      const known = ["name", "phone", "email", "company", "notes"];
      const fields = result.fields?.filter((f) => known.includes(f.field)) ?? [];
      for (const f of fields) form.setError(f.field as FieldPath<FormValues>, { message: f.message });
      if (fields.length === 0 || result.error !== "Some fields need attention.") setServerError(result.error);
    });
  });

  const field = (name: keyof FormValues, label: string, props: React.ComponentProps<typeof Input> = {}, hint?: string) => {
    const error = errors[name]?.message;
    const describedBy = [hint ? `${id}-${name}-hint` : null, error ? `${id}-${name}-error` : null].filter(Boolean).join(" ");
    return (
      <div className="flex flex-col gap-2">
        <Label htmlFor={`${id}-${name}`}>{label}</Label>
        {name === "notes" ? (
          <Textarea
            id={`${id}-${name}`}
            rows={3}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy || undefined}
            {...form.register(name)}
          />
        ) : (
          <Input
            id={`${id}-${name}`}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy || undefined}
            {...props}
            {...form.register(name)}
          />
        )}
        {hint ? (
          <p id={`${id}-${name}-hint`} className="text-xs text-muted-foreground">
            {hint}
          </p>
        ) : null}
        {error ? (
          <p id={`${id}-${name}-error`} role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      {field("name", "Name", { autoComplete: "off", autoFocus: true })}
      {field(
        "phone",
        "Phone number",
        { type: "tel", autoComplete: "off", inputMode: "tel" },
        `Any format: +61 412 345 678, 0412 345 678${defaultCountry ? ` (national numbers are read as ${defaultCountry})` : ""}.`,
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        {field("email", "Email (optional)", { type: "email", autoComplete: "off" })}
        {field("company", "Company (optional)", { autoComplete: "off" })}
      </div>
      {field("notes", "Notes (optional)")}
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
          {pending ? "Saving…" : submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}

export type EditableContact = { id: string; name: string; phone: string; email: string | null; company: string | null; notes: string | null };

/** The form filled in with a saved contact, its number shown the way people write it. */
export function EditContactForm({ contact, ...props }: { contact: EditableContact } & Omit<Parameters<typeof ContactForm>[0], "defaults">) {
  return (
    <ContactForm
      defaults={{
        name: contact.name,
        phone: formatPhone(contact.phone),
        email: contact.email ?? "",
        company: contact.company ?? "",
        notes: contact.notes ?? "",
      }}
      {...props}
    />
  );
}
