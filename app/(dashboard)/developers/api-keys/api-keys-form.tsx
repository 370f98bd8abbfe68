"use client";

import { KeyRound, Loader2, Plus, TriangleAlert } from "lucide-react";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { toast } from "@/lib/toast";
import { CopyButton } from "@/components/copy-button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { lazyResolver } from "@/lib/lazy-resolver";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import type { CreateApiKeyInput } from "./schema";

const validation = lazyResolver<CreateApiKeyInput, unknown, CreateApiKeyInput>(() =>
  Promise.all([import("@hookform/resolvers/zod"), import("./schema")]).then(
    ([{ zodResolver }, { createApiKeySchema }]) => zodResolver(createApiKeySchema),
  ),
);

export function CreateApiKeyDialog() {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<CreateApiKeyInput>({
    resolver: validation.resolver,
    defaultValues: { name: "", role: "developer" },
  });

  const onSubmit = form.handleSubmit((values) =>
    startTransition(async () => {
      const result = await createApiKeyAction(values);
      if (!result.ok) {
        for (const f of result.fields ?? [])
          form.setError(f.field as keyof CreateApiKeyInput, { message: f.message });
        if (!result.fields?.length) toast.error(result.error);
        return;
      }
      setCreated(result.data.key);
      form.reset();
    }),
  );

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setCreated(null);
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden /> Create API key
        </Button>
      </DialogTrigger>
      <DialogContent>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Copy your new API key</DialogTitle>
              <DialogDescription>
                This is the only time it is shown. Store it in your secrets manager.
              </DialogDescription>
            </DialogHeader>
            <code
              data-testid="new-api-key"
              className="block break-all rounded-md border bg-muted px-3 py-2 font-mono text-sm"
            >
              {created}
            </code>
            <p className="flex items-center gap-2 text-sm text-warning">
              <TriangleAlert className="size-4" aria-hidden /> Anyone with this key can use the API as this
              account.
            </p>
            <DialogFooter>
              <CopyButton value={created} label="Copy key" copiedMessage="API key copied" />
              <Button onClick={() => setOpen(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={onSubmit} onFocus={validation.preload} noValidate className="grid gap-4">
            <DialogHeader>
              <DialogTitle>Create an API key</DialogTitle>
              <DialogDescription>
                Keys authenticate the public API: send{" "}
                <code className="rounded bg-muted px-1 font-mono text-xs">Authorization: Bearer ak_…</code>{" "}
                with each request.
              </DialogDescription>
            </DialogHeader>
            <div className="grid gap-2">
              <Label htmlFor="key-name">Name</Label>
              <Input
                id="key-name"
                placeholder="CRM sync"
                aria-invalid={!!form.formState.errors.name}
                aria-describedby="key-name-error"
                {...form.register("name")}
              />
              {form.formState.errors.name ? (
                <p id="key-name-error" role="alert" className="text-sm text-destructive">
                  {form.formState.errors.name.message}
                </p>
              ) : null}
            </div>
            <div className="grid gap-2">
              <Label htmlFor="key-role">Access</Label>
              <NativeSelect id="key-role" {...form.register("role")}>
                <option value="developer">Read and write (developer)</option>
                <option value="viewer">Read only (viewer)</option>
              </NativeSelect>
            </div>
            <DialogFooter>
              <Button type="submit" disabled={pending}>
                {pending ? <Loader2 className="animate-spin" aria-hidden /> : <KeyRound aria-hidden />}
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm">
          Revoke
        </Button>
      }
      title={`Revoke “${name}”?`}
      description="Requests with this key are refused at once (401). This cannot be undone."
      confirmLabel="Revoke key"
      action={() => revokeApiKeyAction(id)}
      success={`Revoked “${name}”`}
    />
  );
}
