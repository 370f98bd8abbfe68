"use client";

import { useEffect, useSyncExternalStore } from "react";
import { lazyComponent } from "@/lib/lazy-component";
import { loadToasts, subscribeToToasts, toastsWanted } from "@/lib/toast";

const Sonner = lazyComponent(() => loadToasts().then((m) => m.Toaster));

/**
 * sonner's Toaster, mounted on the first pointer or key press (or the first toast), not with the page:
 * every toast follows an interaction, and this keeps sonner out of the first load (lib/toast.ts).
 */
export function Toaster() {
  const wanted = useSyncExternalStore(subscribeToToasts, toastsWanted, () => false);
  useEffect(() => {
    if (wanted) return;
    const early = () => void loadToasts().catch(() => {});
    const options = { capture: true, passive: true } as const;
    window.addEventListener("pointerdown", early, options);
    window.addEventListener("keydown", early, options);
    return () => {
      window.removeEventListener("pointerdown", early, options);
      window.removeEventListener("keydown", early, options);
    };
  }, [wanted]);
  // Below the 56 px header, so a toast never covers Sign out or the account switcher; top rather than
  // bottom because the post-call actions page keeps its save bar at the bottom.
  return wanted ? (
    <Sonner richColors closeButton position="top-right" theme="system" offset={{ top: 72 }} mobileOffset={{ top: 64 }} />
  ) : null;
}
