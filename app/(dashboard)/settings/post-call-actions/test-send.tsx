"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, Loader2, Send, XCircle } from "lucide-react";
import { useEffect, useState, useTransition } from "react";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { sendTest, testStatus } from "./actions";

const POLL_MS = 1000;
const GIVE_UP_MS = 60_000;

/** "Send test" and its result, polled until the delivery leaves `pending` (or a minute passes). */
export function TestSend({ actionId, disabledReason, label }: { actionId: string | null; disabledReason: string | null; label: string }) {
  const [deliveryId, setDeliveryId] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const onClick = () => {
    if (!actionId) return;
    startTransition(async () => {
      const result = await sendTest(actionId);
      if (!result.ok) {
        toast.error(result.error);
        return;
      }
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
      {deliveryId ? <TestResult key={deliveryId} deliveryId={deliveryId} /> : null}
    </div>
  );
}

function TestResult({ deliveryId }: { deliveryId: string }) {
  const [gaveUp, setGaveUp] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setGaveUp(true), GIVE_UP_MS);
    return () => clearTimeout(timer);
  }, []);
  const query = useQuery({
    queryKey: ["test-delivery", deliveryId],
    queryFn: async () => {
      const result = await testStatus(deliveryId);
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
    refetchInterval: (q) => {
      const data = q.state.data;
      if (data && data.status !== "pending") return false;
      return gaveUp ? false : POLL_MS;
    },
  });
  const data = query.data;
  let body: React.ReactNode;
  if (query.isError) {
    body = (
      <span className="text-destructive">
        <XCircle className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
        {query.error.message}
      </span>
    );
  } else if (!data || data.status === "pending") {
    body = data?.error ? (
      <span className="text-warning">Retrying: {data.error}</span>
    ) : (
      <span className="text-muted-foreground">
        {gaveUp ? (
          "Still queued. The result will appear in Developer Tools."
        ) : (
          <>
            <Loader2 className="mr-1 inline size-3.5 animate-spin align-[-2px]" aria-hidden />
            Sending test…
          </>
        )}
      </span>
    );
  } else if (data.status === "sent") {
    body = (
      <span className="text-success">
        <CheckCircle2 className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
        Test sent{data.statusCode ? ` (HTTP ${data.statusCode})` : ""}
      </span>
    );
  } else {
    body = (
      <span className="text-destructive">
        <XCircle className="mr-1 inline size-3.5 align-[-2px]" aria-hidden />
        Test {data.status}: {data.error ?? "no reason given"}
        {data.statusCode ? ` (HTTP ${data.statusCode})` : ""}
      </span>
    );
  }
  return (
    <p className="text-xs break-words" role="status" aria-live="polite" data-testid="test-result">
      {body}
    </p>
  );
}
