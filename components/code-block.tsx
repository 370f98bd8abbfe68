import { CopyButton } from "@/components/copy-button";
import { cn } from "@/lib/utils";

/** A titled code block with a copy button. `id` lets tests find the exact text shown. */
export function CodeBlock({ code, title, language, id, className }: { code: string; title?: string; language?: string; id?: string; className?: string }) {
  return (
    <figure className={cn("overflow-hidden rounded-lg border bg-card", className)}>
      <figcaption className="flex items-center justify-between gap-2 border-b bg-muted/60 px-3 py-1.5">
        <span className="text-xs font-medium text-muted-foreground">{title ?? language}</span>
        <CopyButton value={code} size="sm" variant="ghost" aria-label={`Copy ${title ?? "code"}`} />
      </figcaption>
      <pre tabIndex={0} className="overflow-x-auto p-4 text-[13px] leading-relaxed">
        <code data-snippet={id} className="font-mono">
          {code}
        </code>
      </pre>
    </figure>
  );
}
