"use client";

import { RotateCcw, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useEffect } from "react";
import { Button } from "@/components/ui/button";

/**
 * Any dashboard page that throws lands here: a plain message and a retry, never the raw error. The
 * digest lets support find the server log line.
 */
export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div
      role="alert"
      className="flex flex-col items-center gap-4 rounded-lg border bg-card px-6 py-14 text-center"
    >
      <div className="rounded-full bg-warning/15 p-3 text-warning">
        <TriangleAlert className="size-6" aria-hidden />
      </div>
      <h1 className="text-lg font-semibold">This page didn&apos;t load</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        Something went wrong on our side. Try again; if it keeps happening, the details are in the server log
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <div className="flex gap-2">
        <Button onClick={reset}>
          <RotateCcw aria-hidden /> Try again
        </Button>
        <Button asChild variant="outline">
          <Link href="/">Go to the overview</Link>
        </Button>
      </div>
    </div>
  );
}
