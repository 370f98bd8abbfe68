"use client";

import { Loader2, Send, XCircle } from "lucide-react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { lazyComponent } from "@/lib/lazy-component";
import { sendTest } from "./actions";

// The result polls with React Query, fetched with it only once a test has been sent.
const TestResult = lazyComponent(() => import("./test-result").then((m) => m.TestResult));

/**
 * "Send test" and its result, polled until the delivery leaves `pending` (or a minute passes). A
 * refused send (the 5-a-minute limit, an action changed meanwhile) says why in the same place, where
 * the owner is looking, rather than in a toast that is gone in seconds.
 */
export function TestSend({ actionId, disabledReason, label }: { actionId: string | null; disabledReason: string | null; label: string }) {
  const [deliveryId, setDeliveryId] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const onClick = () => {
    if (!actionId) return;
    // Cleared first, so the same refusal twice is a new alert that screen readers announce again.
    setRefused(null);
    startTransition(async () => {
      const result = await sendTest(actionId);
      if (!result.ok) {
        setRefused(result.error);
        setDeliveryId(null);
        return;
      }
      setRefused(null);
      setDeliveryId(result.data.deliveryId);
    });
  };

  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={onClick}
        disabled={!actionId || !!disabledReason || pending}
        aria-label={`Send test: ${label}`}
        title={disabledReason ?? undefined}
      >
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Send aria-hidden />}
        Send test
      </Button>
      {refused ? (
        <p className="text-xs break-words text-destructive" role="alert" data-testid="test-result">
          <XCircle className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
          {refused}
        </p>
      ) : deliveryId ? (
        <TestResult key={deliveryId} deliveryId={deliveryId} />
      ) : null}
    </div>
  );
}
