"use client";

import { Loader2, UserPlus } from "lucide-react";
import { useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { lazyResolver } from "@/lib/lazy-resolver";
import { inviteMember } from "./actions";
import { ROLE_HELP, ROLES } from "./roles";
import type { InviteInput } from "./schema";

const validation = lazyResolver<InviteInput, unknown, InviteInput>(() =>
  Promise.all([import("@hookform/resolvers/zod"), import("./schema")]).then(([{ zodResolver }, { inviteSchema }]) =>
    zodResolver(inviteSchema),
  ),
);

export function InviteForm() {
  const [pending, startTransition] = useTransition();
  const form = useForm<InviteInput>({
    resolver: validation.resolver,
    defaultValues: { email: "", role: "developer" },
  });
  const emailError = form.formState.errors.email?.message;
  const role = useWatch({ control: form.control, name: "role" });
  const onSubmit = form.handleSubmit((values) => {
    startTransition(async () => {
      const result = await inviteMember(values);
      if (!result.ok) {
        const field = result.fields?.find((f) => f.field === "email");
        form.setError("email", { message: field?.message ?? result.error });
        return;
      }
      toast.success(`Invitation sent to ${result.data.email}. The link works for 7 days.`);
      form.reset({ email: "", role: values.role });
    });
  });
  return (
    <form onSubmit={onSubmit} onFocus={validation.preload} noValidate className="flex flex-col gap-3" aria-label="Invite a member">
      <div className="grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
        <div className="flex flex-col gap-2">
          <Label htmlFor="invite-email">Email</Label>
          <Input
            id="invite-email"
            type="email"
            autoComplete="off"
            placeholder="colleague@company.com"
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? "invite-email-error" : undefined}
            {...form.register("email")}
          />
        </div>
        <div className="flex flex-col gap-2">
          <Label htmlFor="invite-role">Role</Label>
          <NativeSelect id="invite-role" aria-describedby="invite-role-help" {...form.register("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r[0]!.toUpperCase() + r.slice(1)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <UserPlus aria-hidden />}
          {pending ? "Sending…" : "Send invitation"}
        </Button>
      </div>
      {emailError ? (
        <p id="invite-email-error" role="alert" className="text-sm text-destructive">
          {emailError}
        </p>
      ) : null}
      <p id="invite-role-help" className="text-xs text-muted-foreground">
        {ROLE_HELP[role ?? "developer"]}
      </p>
    </form>
  );
}
