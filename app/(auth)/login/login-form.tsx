"use client";

import { Loader2, Mail } from "lucide-react";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { lazyResolver } from "@/lib/lazy-resolver";
import { requestMagicLink } from "./actions";
import type { LoginInput } from "./schema";

// zod and the schema (~30 kB gzip, most of this page's own script) come on first use, not with the
// page: they were downloaded before the sign-in card's first paint and held Lighthouse's mobile LCP.
const validation = lazyResolver<LoginInput, unknown, LoginInput>(() =>
  Promise.all([import("@hookform/resolvers/zod"), import("./schema")]).then(([{ zodResolver }, { loginSchema }]) =>
    zodResolver(loginSchema),
  ),
);

export function LoginForm({ next }: { next?: string }) {
  const [pending, startTransition] = useTransition();
  const [serverError, setServerError] = useState<string>();
  const form = useForm<LoginInput>({ resolver: validation.resolver, defaultValues: { email: "", next } });
  const fieldError = form.formState.errors.email?.message;

  const onSubmit = form.handleSubmit((values) => {
    setServerError(undefined);
    startTransition(async () => {
      const result = await requestMagicLink(values);
      if (result?.fieldError) form.setError("email", { message: result.fieldError });
      if (result?.error) setServerError(result.error);
    });
  });

  return (
    // The email field is autofocused before hydration, so no focus event comes: a key press or a
    // pointer press on the form fetches the validation code as well.
    <form onSubmit={onSubmit} onFocus={validation.preload} onKeyDown={validation.preload} onPointerDown={validation.preload} noValidate className="flex flex-col gap-4">
      <div className="flex flex-col gap-2">
        <Label htmlFor="email">Work email</Label>
        <Input
          id="email"
          type="email"
          autoComplete="email"
          autoFocus
          placeholder="you@company.com"
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? "email-error" : undefined}
          {...form.register("email")}
        />
        {fieldError ? (
          <p id="email-error" role="alert" className="text-sm text-destructive">
            {fieldError}
          </p>
        ) : null}
      </div>
      {serverError ? (
        <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {serverError}
        </p>
      ) : null}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Mail aria-hidden />}
        {pending ? "Sending link…" : "Email me a sign-in link"}
      </Button>
    </form>
  );
}
