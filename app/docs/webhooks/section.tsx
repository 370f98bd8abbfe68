/** A guide section with a linkable heading (`#id`). */
export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-6">
      <h2 id={`${id}-title`} className="mb-3 text-xl font-semibold tracking-tight">
        <a href={`#${id}`} className="hover:underline">
          {title}
        </a>
      </h2>
      <div className="grid gap-4 text-[15px] leading-relaxed text-foreground/90">{children}</div>
    </section>
  );
}

export const code = "rounded bg-muted px-1 py-0.5 font-mono text-[13px]";
