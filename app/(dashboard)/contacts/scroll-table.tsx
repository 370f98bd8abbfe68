import * as React from "react";
import { cn } from "@/lib/utils";

/**
 * A table that may scroll sideways on a phone. Unlike components/ui/table's wrapper, the scroll area
 * is a labelled, focusable region, so keyboard users can scroll it (axe: scrollable-region-focusable).
 */
export function ScrollTable({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={cn("relative w-full overflow-x-auto rounded-md focus-visible:outline-2 focus-visible:outline-ring", className)}>
      <table className="w-full caption-bottom text-sm">{children}</table>
    </div>
  );
}
