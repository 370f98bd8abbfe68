"use client";

import { Slot } from "radix-ui";
import type { DropdownMenu as DropdownMenuPrimitive } from "radix-ui";
import * as React from "react";
import { cn } from "@/lib/utils";

/**
 * Radix's dropdown menu with the same parts as before, but its code (menu, roving focus and the
 * floating-ui positioning: ~32 kB gzipped) is fetched when a menu is first opened, or when the pointer
 * or focus reaches a trigger, instead of with the page. Until then a trigger is a plain button that
 * opens on the same events as Radix's (pointer down, Enter, Space, ArrowDown); once the code is here,
 * every menu on the page renders as Radix's own, already open if that was asked for.
 */
type Parts = typeof DropdownMenuPrimitive;

let parts: Parts | null = null;
let loading: Promise<Parts> | null = null;
let openedByKeyboard = false;
const listeners = new Set<() => void>();

function fetchParts() {
  loading ??= import("./dropdown-menu-parts").then(
    (m) => m.DropdownMenuParts,
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

function useParts() {
  return React.useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    () => parts,
    () => null,
  );
}

/** Fetches the menu code and switches every menu on the page over to it. */
function loadParts() {
  fetchParts().then(
    (loaded) => {
      if (parts) return;
      parts = loaded;
      for (const listener of listeners) listener();
    },
    (error: unknown) => console.error("Could not load the menu", error),
  );
}

const PartsContext = React.createContext<Parts | null>(null);
const ShellContext = React.createContext<{ open: boolean; setOpen: (open: boolean) => void } | null>(null);

export function DropdownMenu({
  open: openProp,
  defaultOpen = false,
  onOpenChange,
  modal,
  children,
}: {
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  modal?: boolean;
  children?: React.ReactNode;
}) {
  const loaded = useParts();
  const [uncontrolled, setUncontrolled] = React.useState(defaultOpen);
  const open = openProp ?? uncontrolled;
  const setOpen = React.useCallback(
    (next: boolean) => {
      if (openProp === undefined) setUncontrolled(next);
      onOpenChange?.(next);
    },
    [openProp, onOpenChange],
  );
  const shell = React.useMemo(() => ({ open, setOpen }), [open, setOpen]);
  if (loaded) {
    return (
      <PartsContext.Provider value={loaded}>
        <loaded.Root open={open} onOpenChange={setOpen} modal={modal}>
          {children}
        </loaded.Root>
      </PartsContext.Provider>
    );
  }
  return <ShellContext.Provider value={shell}>{children}</ShellContext.Provider>;
}

export function DropdownMenuTrigger({
  asChild = false,
  disabled = false,
  onPointerEnter,
  onFocus,
  onPointerDown,
  onKeyDown,
  ...props
}: React.ComponentProps<"button"> & { asChild?: boolean }) {
  const loaded = React.useContext(PartsContext);
  const shell = React.useContext(ShellContext);
  if (loaded) {
    return (
      <loaded.Trigger
        asChild={asChild}
        disabled={disabled}
        onPointerEnter={onPointerEnter}
        onFocus={onFocus}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
        {...props}
      />
    );
  }
  if (!shell) throw new Error("<DropdownMenuTrigger> must be inside <DropdownMenu>");
  const Comp = asChild ? Slot.Root : "button";
  const open = () => {
    shell.setOpen(true);
    loadParts();
  };
  return (
    <Comp
      type="button"
      aria-haspopup="menu"
      aria-expanded={shell.open}
      data-state={shell.open ? "open" : "closed"}
      data-disabled={disabled ? "" : undefined}
      disabled={disabled}
      {...props}
      onPointerEnter={(e: React.PointerEvent<HTMLButtonElement>) => {
        onPointerEnter?.(e);
        void fetchParts().catch(() => {});
      }}
      onFocus={(e: React.FocusEvent<HTMLButtonElement>) => {
        onFocus?.(e);
        void fetchParts().catch(() => {});
      }}
      onPointerDown={(e: React.PointerEvent<HTMLButtonElement>) => {
        onPointerDown?.(e);
        if (e.defaultPrevented || disabled || e.button !== 0 || e.ctrlKey) return;
        e.preventDefault(); // as Radix: the menu takes focus, not the trigger
        open();
      }}
      onKeyDown={(e: React.KeyboardEvent<HTMLButtonElement>) => {
        onKeyDown?.(e);
        if (e.defaultPrevented || disabled || !["Enter", " ", "ArrowDown"].includes(e.key)) return;
        e.preventDefault();
        openedByKeyboard = true;
        open();
      }}
    />
  );
}

export function DropdownMenuContent({
  className,
  sideOffset = 4,
  ...props
}: React.ComponentProps<typeof DropdownMenuPrimitive.Content>) {
  const loaded = React.useContext(PartsContext);
  if (!loaded) return null;
  return (
    <loaded.Portal>
      <loaded.Content
        ref={startOnFirstItem}
        sideOffset={sideOffset}
        className={cn("z-50 min-w-40 overflow-hidden rounded-md border bg-card p-1 shadow-md", className)}
        {...props}
      />
    </loaded.Portal>
  );
}

/**
 * Opened from the keyboard before the menu code was here: Radix did not see that key press, so do
 * what it does after one and start on the first item (once Radix has focused the menu itself).
 */
function startOnFirstItem(node: HTMLDivElement | null) {
  if (!node || !openedByKeyboard) return;
  openedByKeyboard = false;
  setTimeout(() => node.querySelector<HTMLElement>('[role="menuitem"]:not([data-disabled])')?.focus({ preventScroll: true }), 0);
}

function useLoadedParts(component: string) {
  const loaded = React.useContext(PartsContext);
  if (!loaded) throw new Error(`<${component}> must be inside <DropdownMenuContent>`);
  return loaded;
}

export function DropdownMenuItem({ className, ...props }: React.ComponentProps<typeof DropdownMenuPrimitive.Item>) {
  const loaded = useLoadedParts("DropdownMenuItem");
  return (
    <loaded.Item
      className={cn(
        "relative flex cursor-pointer select-none items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none focus:bg-accent data-[disabled]:pointer-events-none data-[disabled]:opacity-50",
        className,
      )}
      {...props}
    />
  );
}

export function DropdownMenuLabel({ className, ...props }: React.ComponentProps<typeof DropdownMenuPrimitive.Label>) {
  const loaded = useLoadedParts("DropdownMenuLabel");
  return <loaded.Label className={cn("px-2 py-1.5 text-xs text-muted-foreground", className)} {...props} />;
}

export function DropdownMenuSeparator({ className, ...props }: React.ComponentProps<typeof DropdownMenuPrimitive.Separator>) {
  const loaded = useLoadedParts("DropdownMenuSeparator");
  return <loaded.Separator className={cn("-mx-1 my-1 h-px bg-border", className)} {...props} />;
}
