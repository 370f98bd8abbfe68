"use client";

import { Eye, EyeOff, Loader2, RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "@/lib/toast";
import { CopyButton } from "@/components/copy-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { copySecretAction, revealSecretAction, revokePreviousAction, rotateSecretAction } from "./actions";

export type SecretRowView = { id: string; lastFour: string; created: string; expires: string | null; current: boolean };

const masked = (lastFour: string) => `whsec_••••••••${lastFour}`;

/**
 * The signing secrets as the page shows them: masked until Reveal; Copy fetches the plaintext straight
 * into the clipboard. Nothing secret is in the props: the page renders from last-four only.
 */
export function SecretRows({ secrets, editable }: { secrets: SecretRowView[]; editable: boolean }) {
  const current = secrets.find((s) => s.current);
  const previous = secrets.filter((s) => !s.current);
  return (
    <div className="grid gap-4">
      {current ? <CurrentSecret secret={current} editable={editable} previousLastFour={previous[0]?.lastFour ?? null} /> : null}
      {previous.map((p) => (
        <div
          key={p.id}
          data-testid="previous-secret"
          className="flex flex-col gap-3 rounded-md border border-dashed p-3 sm:flex-row sm:items-center sm:justify-between"
        >
          <div className="grid min-w-0 gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <code className="font-mono text-sm break-all">{masked(p.lastFour)}</code>
              <Badge variant="warning">Previous</Badge>
            </div>
            <p className="text-sm text-muted-foreground">
              Previous, signing until {p.expires}. Receivers see two <code className="font-mono">v1,</code> signatures meanwhile.
            </p>
          </div>
          {editable ? <RevokePreviousButton lastFour={p.lastFour} /> : null}
        </div>
      ))}
    </div>
  );
}

function CurrentSecret({ secret, editable, previousLastFour }: { secret: SecretRowView; editable: boolean; previousLastFour: string | null }) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // A rotation replaces the row: a revealed value must not outlive the secret it belongs to.
  const [shownFor, setShownFor] = useState(secret.id);
  if (shownFor !== secret.id) {
    setShownFor(secret.id);
    setRevealed(null);
  }

  function reveal() {
    if (revealed) return setRevealed(null);
    startTransition(async () => {
      const result = await revealSecretAction(secret.id);
      if (result.ok) setRevealed(result.data.secret);
      else toast.error(result.error);
    });
  }

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="current-secret"
          aria-label={revealed ? "Signing secret" : "Signing secret, masked"}
          className="min-w-0 rounded-md border bg-muted px-3 py-2 font-mono text-sm break-all"
        >
          {revealed ?? masked(secret.lastFour)}
        </code>
        <Badge variant="success">Current</Badge>
      </div>
      <p className="text-sm text-muted-foreground">Created {secret.created}.</p>
      {editable ? (
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="outline" size="sm" onClick={reveal} disabled={pending} aria-pressed={!!revealed}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : revealed ? <EyeOff aria-hidden /> : <Eye aria-hidden />}
            {revealed ? "Hide" : "Reveal"}
          </Button>
          <CopyButton
            label="Copy"
            copiedMessage="Copied"
            getValue={async () => {
              const result = await copySecretAction(secret.id);
              if (result.ok) return result.data.secret;
              // Our message (e.g. rotated meanwhile), not the copy button's "copy it by hand": the secret is not on screen.
              toast.error(result.error);
              return null;
            }}
          />
          <RotateButton currentLastFour={secret.lastFour} previousLastFour={previousLastFour} />
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">Owners and developers can reveal, copy and rotate the secret.</p>
      )}
    </div>
  );
}

function RotateButton({ currentLastFour, previousLastFour }: { currentLastFour: string; previousLastFour: string | null }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline" size="sm">
          <RefreshCw aria-hidden /> Rotate
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rotate the signing secret?</DialogTitle>
          <DialogDescription>
            A new secret signs every webhook from now on. The current one keeps signing beside it for 24 hours, or until you press
            Revoke previous, so you can deploy the new secret without dropping a request.
          </DialogDescription>
        </DialogHeader>
        <p className="text-sm">
          Only the newest two secrets ever sign.{" "}
          {previousLastFour
            ? `The previous secret ${masked(previousLastFour)} is still in its 24 hours: it stops signing now, and ${masked(currentLastFour)} becomes the previous one.`
            : `${masked(currentLastFour)} becomes the previous secret.`}
        </p>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await rotateSecretAction();
                if (!result.ok) {
                  toast.error(result.error);
                  return;
                }
                setOpen(false);
                toast.success(
                  result.data.stopped > 0
                    ? `Rotated. The new secret …${result.data.lastFour} signs now; the oldest stopped signing, so only the newest two sign.`
                    : `Rotated. The new secret …${result.data.lastFour} signs now; the previous one signs for 24 hours more.`,
                );
                router.refresh();
              })
            }
          >
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Rotate secret
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function RevokePreviousButton({ lastFour }: { lastFour: string }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline" size="sm" className="shrink-0">
          Revoke previous
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Revoke the previous secret?</DialogTitle>
          <DialogDescription>
            {masked(lastFour)} stops signing at once. Receivers still verifying with it will refuse our webhooks.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            variant="destructive"
            disabled={pending}
            onClick={() =>
              startTransition(async () => {
                const result = await revokePreviousAction();
                if (!result.ok) {
                  toast.error(result.error);
                  return;
                }
                setOpen(false);
                toast.success("Previous secret revoked: only the current secret signs.");
                router.refresh();
              })
            }
          >
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Revoke previous
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
