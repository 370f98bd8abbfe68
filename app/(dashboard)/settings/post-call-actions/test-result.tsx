"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, Loader2, XCircle } from "lucide-react";
import { useEffect, useState } from "react";
import { testStatus } from "./actions";
import { QueryProvider } from "./query-provider";

const POLL_MS = 1000;
const GIVE_UP_MS = 60_000;

/** A test send's result, polled until the delivery leaves `pending` (or a minute passes). */
export function TestResult({ deliveryId }: { deliveryId: string }) {
  return (
    <QueryProvider>
      <PolledResult deliveryId={deliveryId} />
    </QueryProvider>
  );
}

function PolledResult({ deliveryId }: { deliveryId: string }) {
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
