"use client";

import { Slot } from "radix-ui";
import type { Dialog as DialogPrimitive } from "radix-ui";
import * as React from "react";
import { lazyComponent } from "@/lib/lazy-component";
import { cn } from "@/lib/utils";
import { DialogPartsContext, DialogStateContext, useDialogState } from "./dialog-context";

/**
 * Radix's dialog, with the same parts and props as before, but its code (focus trap, scroll lock,
 * portal: ~13 kB gzipped) is fetched when a dialog first opens, or when the pointer or focus reaches a
 * trigger, instead of with every page that has a dialog behind a button. The trigger and the open
 * state live here; the content is components/ui/dialog-content.tsx.
 */
const loadContent = () => import("./dialog-content");
const LazyContent = lazyComponent(() => loadContent().then((m) => m.DialogContentImpl));

/** Starts fetching the dialog code, e.g. when a dialog is about to open. */
export function preloadDialog() {
  void loadContent().catch(() => {});
}

export function Dialog({
  open: openProp,
  defaultOpen = false,
  onOpenChange,
  children,
}: {
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  children?: React.ReactNode;
}) {
  const [uncontrolled, setUncontrolled] = React.useState(defaultOpen);
  const open = openProp ?? uncontrolled;
  const triggerRef = React.useRef<HTMLButtonElement | null>(null);
  const contentId = React.useId();
  const setTrigger = React.useCallback((node: HTMLButtonElement | null) => {
    triggerRef.current = node;
  }, []);
  const focusTrigger = React.useCallback(() => triggerRef.current?.focus(), []);
  const setOpen = React.useCallback(
    (next: boolean) => {
      if (openProp === undefined) setUncontrolled(next);
      onOpenChange?.(next);
    },
    [openProp, onOpenChange],
  );
  const state = React.useMemo(
    () => ({ open, setOpen, contentId, setTrigger, focusTrigger }),
    [open, setOpen, contentId, setTrigger, focusTrigger],
  );
  return <DialogStateContext.Provider value={state}>{children}</DialogStateContext.Provider>;
}

export function DialogTrigger({
  asChild = false,
  onClick,
  onPointerEnter,
  onFocus,
  ...props
}: React.ComponentProps<"button"> & { asChild?: boolean }) {
  const { open, setOpen, contentId, setTrigger } = useDialogState("DialogTrigger");
  const Comp = asChild ? Slot.Root : "button";
  return (
    <Comp
      type="button"
      aria-haspopup="dialog"
      aria-expanded={open}
      aria-controls={open ? contentId : undefined}
      data-state={open ? "open" : "closed"}
      {...props}
      ref={setTrigger}
      onPointerEnter={(e: React.PointerEvent<HTMLButtonElement>) => {
        onPointerEnter?.(e);
        preloadDialog();
      }}
      onFocus={(e: React.FocusEvent<HTMLButtonElement>) => {
        onFocus?.(e);
        preloadDialog();
      }}
      onClick={(e: React.MouseEvent<HTMLButtonElement>) => {
        onClick?.(e);
        if (!e.defaultPrevented) setOpen(!open);
      }}
    />
  );
}

/** Rendered (and its code fetched) from the first time the dialog opens. */
export function DialogContent(props: React.ComponentProps<typeof DialogPrimitive.Content>) {
  const state = useDialogState("DialogContent");
  const [opened, setOpened] = React.useState(state.open);
  if (state.open && !opened) setOpened(true);
  return opened ? <LazyContent {...props} state={state} /> : null;
}

export function DialogClose({ asChild = false, onClick, ...props }: React.ComponentProps<"button"> & { asChild?: boolean }) {
  const parts = React.useContext(DialogPartsContext);
  const state = useDialogState("DialogClose");
  if (parts) return <parts.Close asChild={asChild} onClick={onClick} {...props} />;
  const Comp = asChild ? Slot.Root : "button";
  return (
    <Comp
      type="button"
      {...props}
      onClick={(e: React.MouseEvent<HTMLButtonElement>) => {
        onClick?.(e);
        if (!e.defaultPrevented) state.setOpen(false);
      }}
    />
  );
}

export function DialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("flex flex-col gap-1.5", className)} {...props} />;
}

export function DialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)} {...props} />;
}

export function DialogTitle({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Title>) {
  const parts = usePartsOf("DialogTitle");
  return <parts.Title className={cn("text-lg font-semibold", className)} {...props} />;
}

export function DialogDescription({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Description>) {
  const parts = usePartsOf("DialogDescription");
  return <parts.Description className={cn("text-sm text-muted-foreground", className)} {...props} />;
}

function usePartsOf(component: string) {
  const parts = React.useContext(DialogPartsContext);
  if (!parts) throw new Error(`<${component}> must be inside <DialogContent>`);
  return parts;
}
