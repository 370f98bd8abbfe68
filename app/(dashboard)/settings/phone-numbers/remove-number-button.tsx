"use client";

import { Loader2, Trash2 } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { removeNumberAction } from "./actions";

export function RemoveNumberButton({ id, display }: { id: string; display: string }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const onConfirm = () =>
    startTransition(async () => {
      const result = await removeNumberAction({ id });
      if (result.ok) {
        toast.success(`Removed ${display}.`);
        setOpen(false);
      } else {
        toast.error(result.error);
      }
    });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={`Remove ${display}`}>
          <Trash2 aria-hidden />
          <span className="hidden sm:inline">Remove</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Remove {display}?</DialogTitle>
          <DialogDescription>
            Call-end events for this number will be refused until it is added again. Calls already stored stay.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button variant="destructive" onClick={onConfirm} disabled={pending}>
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Trash2 aria-hidden />}
            {pending ? "Removing…" : "Remove number"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
