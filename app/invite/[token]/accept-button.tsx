"use client";

import { Loader2 } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { accept } from "./actions";

export function AcceptButton({ token, accountName }: { token: string; accountName: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  return (
    <div className="flex flex-col gap-3">
      {error ? (
        <p role="alert" className="rounded-md bg-destructive/10 px-3 py-2 text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <Button
        className="w-full"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await accept(token);
            if (result && !result.ok) setError(result.error);
          })
        }
      >
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
        {pending ? "Joining…" : `Join ${accountName}`}
      </Button>
    </div>
  );
}
