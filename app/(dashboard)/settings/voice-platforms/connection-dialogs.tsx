"use client";

import { KeyRound, Pencil, Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { lazyComponent } from "@/lib/lazy-component";
import { toast } from "@/lib/toast";
import { deleteConnectionAction } from "./actions";
import type { CreatedConnection, PlatformChoice } from "./connection-form";

// The forms (react-hook-form, zod and the schema) are fetched when a dialog is about to open, not with the page.
const loadForm = () => import("./connection-form");
const preloadForm = () => void loadForm().catch(() => {});
const AddConnectionForm = lazyComponent(() => loadForm().then((m) => m.AddConnectionForm));
const RenameConnectionForm = lazyComponent(() => loadForm().then((m) => m.RenameConnectionForm));
const ReplaceSecretForm = lazyComponent(() => loadForm().then((m) => m.ReplaceSecretForm));

/** "Add connection": the form, then the new URL to paste into the platform, with the platform's steps. */
export function AddConnectionButton({ platforms }: { platforms: PlatformChoice[] }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<CreatedConnection | null>(null);
  const router = useRouter();
  const platform = created ? platforms.find((p) => p.value === created.platform) : undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next && created) {
          setCreated(null);
          router.refresh();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button onPointerEnter={preloadForm} onFocus={preloadForm}>
          <Plus aria-hidden />
          Add connection
        </Button>
      </DialogTrigger>
      <DialogContent>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Now paste this URL into {platform?.label ?? "the platform"}</DialogTitle>
              <DialogDescription>
                “{created.name}” is saved. Its secret is stored encrypted and will not be shown again.
              </DialogDescription>
            </DialogHeader>
            <code
              data-testid="new-connection-url"
              className="block break-all rounded-md border bg-muted px-3 py-2 font-mono text-xs"
            >
              {created.url}
            </code>
            {platform ? (
              <ol
                className="list-decimal space-y-1.5 pl-5 text-sm"
                aria-label={`Setting up ${platform.label}`}
              >
                {platform.steps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            ) : null}
            <DialogFooter>
              <CopyButton value={created.url} label="Copy URL" copiedMessage="URL copied" />
              <DialogClose asChild>
                <Button>Done</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Add a voice platform connection</DialogTitle>
              <DialogDescription>
                One connection per platform account or agent. You get its URL on the next step.
              </DialogDescription>
            </DialogHeader>
            <AddConnectionForm platforms={platforms} onCreated={setCreated} />
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}

type ConnectionSummary = {
  id: string;
  name: string;
  platformLabel: string;
  secretLabel: string;
  secretHint: string;
};

/** Rename, replace secret and delete, for owners and developers. */
export function ConnectionActions({ connection }: { connection: ConnectionSummary }) {
  const [renaming, setRenaming] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const router = useRouter();
  const opener = (set: (v: boolean) => void) => () => {
    preloadForm();
    set(true);
  };
  return (
    <div className="flex flex-wrap gap-2">
      <Button
        variant="outline"
        size="sm"
        onPointerEnter={preloadForm}
        onFocus={preloadForm}
        onClick={opener(setRenaming)}
        aria-label={`Rename ${connection.name}`}
      >
        <Pencil aria-hidden />
        <span className="hidden sm:inline">Rename</span>
      </Button>
      <Button
        variant="outline"
        size="sm"
        onPointerEnter={preloadForm}
        onFocus={preloadForm}
        onClick={opener(setReplacing)}
        aria-label={`Replace secret for ${connection.name}`}
      >
        <KeyRound aria-hidden />
        Replace secret
      </Button>
      <Button
        variant="outline"
        size="sm"
        onClick={() => setDeleting(true)}
        aria-label={`Delete ${connection.name}`}
      >
        <Trash2 aria-hidden />
        <span className="hidden sm:inline">Delete</span>
      </Button>

      <Dialog open={renaming} onOpenChange={setRenaming}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Rename “{connection.name}”</DialogTitle>
            <DialogDescription>The name is only for you; the URL stays the same.</DialogDescription>
          </DialogHeader>
          <RenameConnectionForm
            connection={connection}
            onSaved={(name) => {
              setRenaming(false);
              toast.success(`Renamed to “${name}”`);
              router.refresh();
            }}
          />
        </DialogContent>
      </Dialog>

      <Dialog open={replacing} onOpenChange={setReplacing}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Replace the secret of “{connection.name}”</DialogTitle>
            <DialogDescription>
              After you rotate it in {connection.platformLabel}. Events signed with the old secret are refused
              from the moment you save.
            </DialogDescription>
          </DialogHeader>
          <ReplaceSecretForm
            connection={connection}
            onSaved={() => {
              setReplacing(false);
              toast.success(`New secret saved for “${connection.name}”`);
              router.refresh();
            }}
          />
        </DialogContent>
      </Dialog>

      <DeleteConnectionDialog connection={connection} open={deleting} onOpenChange={setDeleting} />
    </div>
  );
}

function DeleteConnectionDialog({
  connection,
  open,
  onOpenChange,
}: {
  connection: ConnectionSummary;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Delete “${connection.name}”?`}
      description={`Calls already received from ${connection.platformLabel} are kept. The URL stops working at once: events ${connection.platformLabel} sends to it are refused and run no actions. This cannot be undone.`}
      confirmLabel="Delete connection"
      pendingLabel="Deleting…"
      icon={<Trash2 aria-hidden />}
      action={() => deleteConnectionAction(connection.id)}
      success={`Deleted “${connection.name}”`}
      onSuccess={() => router.refresh()}
    />
  );
}
