"use client";

import { Check, Loader2, Pencil, X } from "lucide-react";
import { useEffect, useId, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { AGENT_NAME_MAX, renameAgentSchema } from "@/lib/agents/schema";
import { toast } from "@/lib/toast";
import { renameAgentAction } from "./actions";

/**
 * The agent's name, renamed in place: "Rename" opens a field, Enter saves, Escape cancels, and focus
 * returns to the button. Blank goes back to the number or platform id.
 */
export function AgentNameForm({ id, name, fallback }: { id: string; name: string | null; fallback: string }) {
  const fieldId = useId();
  const [editing, setEditing] = useState(false);
  // The saved name, kept here so the row shows it at once rather than after the page's data reloads.
  const [current, setCurrent] = useState(name);
  const [value, setValue] = useState(name ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const button = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const shown = current ?? fallback;

  // Focus goes back to "Rename" once it is on the page again (after the form closes).
  useEffect(() => {
    if (editing || !returnFocus.current) return;
    returnFocus.current = false;
    button.current?.focus();
  }, [editing]);

  const close = () => {
    returnFocus.current = true;
    setEditing(false);
    setError(null);
    setValue(current ?? "");
  };

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = renameAgentSchema.safeParse({ name: value });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Check the name.");
    startTransition(async () => {
      const result = await renameAgentAction({ id, name: parsed.data.name });
      if (!result.ok) return setError(result.fields?.[0]?.message ?? result.error);
      toast.success(result.data.name ? `Renamed to “${result.data.name}”` : "Name cleared");
      setCurrent(result.data.name);
      setValue(result.data.name ?? "");
      returnFocus.current = true;
      setEditing(false);
      setError(null);
    });
  };

  if (!editing) {
    return (
      <div className="flex min-w-0 items-center gap-2">
        <p className="min-w-0 truncate font-medium" data-testid="agent-name">
          {shown}
        </p>
        <Button ref={button} type="button" variant="ghost" size="sm" onClick={() => setEditing(true)} aria-label={`Rename ${shown}`}>
          <Pencil aria-hidden /> Rename
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={save} noValidate className="flex flex-col gap-1.5" aria-label={`Rename ${shown}`}>
      <Label htmlFor={fieldId} className="sr-only">
        Name
      </Label>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          id={fieldId}
          autoFocus
          value={value}
          maxLength={AGENT_NAME_MAX + 20}
          placeholder={fallback}
          className="h-8 w-56 max-w-full"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              close();
            }
          }}
        />
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Check aria-hidden />} Save
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={close} disabled={pending}>
          <X aria-hidden /> Cancel
        </Button>
      </div>
      {error ? (
        <p id={`${fieldId}-error`} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </form>
  );
}
