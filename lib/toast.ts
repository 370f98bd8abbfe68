import type { ExternalToast, toast as sonnerToast } from "sonner";

/**
 * Toasts, with sonner kept out of every page's first load: it is fetched on the first toast (or
 * earlier, on the first pointer or key press: see components/ui/sonner.tsx), so the Toaster's live
 * region is in place before the outcome of that interaction is announced. Same calls as sonner's
 * `toast`, `toast.success` and `toast.error`.
 */
type Sonner = typeof import("sonner");
type Message = Parameters<typeof sonnerToast>[0];

let sonner: Promise<Sonner> | undefined;
let wanted = false;
const listeners = new Set<() => void>();

/** Fetches sonner once and asks the Toaster to mount. */
export function loadToasts(): Promise<Sonner> {
  if (!wanted) {
    wanted = true;
    for (const listener of listeners) listener();
  }
  sonner ??= import("sonner").catch((error: unknown) => {
    sonner = undefined; // offline for a moment: the next toast tries again
    throw error;
  });
  return sonner;
}

export function subscribeToToasts(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function toastsWanted() {
  return wanted;
}

function show(run: (t: Sonner["toast"]) => void) {
  loadToasts().then(
    (m) => run(m.toast),
    (error: unknown) => console.error("Could not load notifications", error),
  );
}

export const toast = Object.assign((message: Message, data?: ExternalToast) => show((t) => t(message, data)), {
  success: (message: Message, data?: ExternalToast) => show((t) => t.success(message, data)),
  error: (message: Message, data?: ExternalToast) => show((t) => t.error(message, data)),
});
