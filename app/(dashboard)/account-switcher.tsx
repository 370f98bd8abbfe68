"use client";

import { useRef } from "react";
import { switchAccount } from "./account-actions";

/** Shown only to people in several accounts: picking one switches at once (no JS: the button does). */
export function AccountSwitcher({
  id,
  current,
  accounts,
}: {
  id: string;
  current: string;
  accounts: { accountId: string; accountName: string; role: string }[];
}) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} action={switchAccount} className="flex items-center gap-2">
      <label htmlFor={id} className="sr-only">
        Current account
      </label>
      <select
        id={id}
        name="accountId"
        defaultValue={current}
        onChange={() => form.current?.requestSubmit()}
        data-testid={id}
        className="h-8 max-w-48 truncate rounded-md border border-input bg-card px-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-ring"
      >
        {accounts.map((a) => (
          <option key={a.accountId} value={a.accountId}>
            {a.accountName} ({a.role})
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="text-sm underline">
          Switch
        </button>
      </noscript>
    </form>
  );
}
