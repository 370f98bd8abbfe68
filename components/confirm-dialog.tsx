"use client";

import { Loader2 } from "lucide-react";
import { useState, useTransition, type ReactNode } from "react";
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
import type { ActionResult } from "@/lib/action-result";
import { toast } from "@/lib/toast";

/**
 * The one confirmation for a destructive step: a question, Cancel, and a destructive button that runs
 * the server action, shows a spinner meanwhile, and reports the outcome as a toast. It closes on
 * success; on a refusal it stays open (so the person can cancel or retry) unless `closeOnError`.
 */
export function ConfirmDialog({
  trigger,
  open: openProp,
  onOpenChange,
  title,
  description,
  confirmLabel,
  pendingLabel,
  icon,
  action,
  success,
  onSuccess,
  closeOnError = false,
}: {
  /** The button that opens it; leave it out to open the dialog from elsewhere through `open`. */
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  /** The confirm button's text while the action runs (its label otherwise). */
  pendingLabel?: string;
  /** The confirm button's icon; a spinner takes its place while the action runs. */
  icon?: ReactNode;
  action: () => Promise<ActionResult<unknown>>;
  /** The success toast. */
  success: string;
  /** After a success, e.g. refresh the page or leave it. */
  onSuccess?: () => void;
  closeOnError?: boolean;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const open = openProp ?? ownOpen;
  const setOpen = (next: boolean) => {
    if (openProp === undefined) setOwnOpen(next);
    onOpenChange?.(next);
  };

  const confirm = () =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) {
        toast.error(result.error);
        if (closeOnError) setOpen(false);
        return;
      }
      setOpen(false);
      toast.success(success);
      onSuccess?.();
    });

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button variant="destructive" disabled={pending} onClick={confirm}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : icon}
            {pending ? (pendingLabel ?? confirmLabel) : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
