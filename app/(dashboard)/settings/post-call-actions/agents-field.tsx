"use client";

import Link from "next/link";

/** An agent as the action dialog offers it: named as the owner named it, with what it is beneath. */
export type AgentOption = { id: string; label: string; detail: string };

/**
 * Routing: every agent's calls (the default), or only the chosen agents'. Plain radios and checkboxes,
 * so it works from the keyboard like the statuses above it.
 */
export function AgentsField({
  agents,
  chosen,
  picked,
  error,
  onChosenChange,
  onPickedChange,
}: {
  agents: AgentOption[];
  chosen: boolean;
  picked: string[];
  error?: string;
  onChosenChange: (chosen: boolean) => void;
  onPickedChange: (ids: string[]) => void;
}) {
  const radio = "flex cursor-pointer items-center gap-2 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring";
  // An action routed to an agent that is no longer listed still shows it, so saving does not drop it silently.
  const listed = [...agents, ...picked.filter((id) => !agents.some((a) => a.id === id)).map((id) => ({ id, label: id, detail: "Unknown agent" }))];
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? "action-agents-error" : "action-agents-hint"}>
      <legend className="mb-1 text-sm font-medium">For calls taken by</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        <label className={radio}>
          <input type="radio" name="agent-routing" className="size-4 accent-[var(--primary)]" checked={!chosen} onChange={() => onChosenChange(false)} />
          Every agent
        </label>
        <label className={radio}>
          <input
            type="radio"
            name="agent-routing"
            className="size-4 accent-[var(--primary)]"
            checked={chosen}
            disabled={listed.length === 0}
            onChange={() => onChosenChange(true)}
          />
          Chosen agents
        </label>
      </div>
      {chosen ? (
        <ul className="flex flex-col gap-1.5" aria-label="Agents">
          {listed.map((a) => (
            <li key={a.id}>
              <label className="flex cursor-pointer items-start gap-2 rounded-md border px-3 py-2 text-sm has-[:checked]:border-primary has-[:checked]:bg-secondary has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 accent-[var(--primary)]"
                  checked={picked.includes(a.id)}
                  onChange={(e) => onPickedChange(e.target.checked ? [...picked, a.id] : picked.filter((id) => id !== a.id))}
                />
                <span className="min-w-0">
                  <span className="block font-medium">{a.label}</span>
                  <span className="block truncate text-xs text-muted-foreground">{a.detail}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id="action-agents-error" role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : (
        <p id="action-agents-hint" className="text-xs text-muted-foreground">
          {listed.length === 0 ? (
            <>
              Agents appear as their first call arrives, or when you add a number under{" "}
              <Link href="/settings/phone-numbers" className="text-primary underline underline-offset-4">
                Phone numbers
              </Link>
              .
            </>
          ) : (
            <>
              Name agents under{" "}
              <Link href="/settings/agents" className="text-primary underline underline-offset-4">
                Settings → Agents
              </Link>
              .
            </>
          )}
        </p>
      )}
    </fieldset>
  );
}
