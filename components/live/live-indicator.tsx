"use client";

import { cn } from "@/lib/utils";
import { POLL_MS, useLiveStatus } from "./live-provider";

const TEXT = {
  live: "Live",
  connecting: "Connecting…",
  polling: `Updates every ${POLL_MS / 1000} s`,
} as const;

const TITLE = {
  live: "New calls and delivery results appear here as they happen.",
  connecting: "Connecting to live updates.",
  polling: "Live updates are not connected: this page re-reads every few seconds and reconnects by itself.",
} as const;

/** Says whether the page is updating itself, and how. */
export function LiveIndicator({ className }: { className?: string }) {
  const status = useLiveStatus();
  return (
    <span
      role="status"
      title={TITLE[status]}
      data-testid="live-indicator"
      data-status={status}
      className={cn("inline-flex items-center gap-1.5 rounded-full border bg-card px-2.5 py-1 text-xs font-medium text-muted-foreground", className)}
    >
      <span className="relative flex size-2" aria-hidden>
        {status === "live" ? <span className="absolute inline-flex size-full animate-ping rounded-full bg-success opacity-60 motion-reduce:animate-none" /> : null}
        <span className={cn("relative inline-flex size-2 rounded-full", status === "live" ? "bg-success" : status === "polling" ? "bg-warning" : "bg-muted-foreground")} />
      </span>
      {TEXT[status]}
    </span>
  );
}
