"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import { X } from "lucide-react";
import * as React from "react";
import { cn } from "@/lib/utils";
import { DialogPartsContext, type DialogState } from "./dialog-context";

/**
 * The Radix dialog behind components/ui/dialog.tsx, fetched when a dialog first opens. Its root is
 * controlled by the Dialog shell's state; focus goes back to the shell's trigger on close, as Radix's
 * own trigger would have it.
 */
export function DialogContentImpl({
  state,
  className,
  children,
  onCloseAutoFocus,
  ...props
}: React.ComponentProps<typeof DialogPrimitive.Content> & { state: DialogState }) {
  return (
    <DialogPrimitive.Root open={state.open} onOpenChange={state.setOpen}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <DialogPrimitive.Content
          id={state.contentId}
          className={cn(
            "fixed left-1/2 top-1/2 z-50 grid max-h-[90vh] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 gap-4 overflow-y-auto rounded-lg border bg-card p-6 shadow-lg",
            className,
          )}
          onCloseAutoFocus={(event) => {
            onCloseAutoFocus?.(event);
            if (event.defaultPrevented) return;
            event.preventDefault();
            state.focusTrigger();
          }}
          {...props}
        >
          <DialogPartsContext.Provider value={DialogPrimitive}>{children}</DialogPartsContext.Provider>
          <DialogPrimitive.Close className="absolute right-4 top-4 rounded-sm opacity-70 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-ring">
            <X className="size-4" />
            <span className="sr-only">Close</span>
          </DialogPrimitive.Close>
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
