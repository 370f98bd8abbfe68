"use client";

import { Loader2, PhoneIncoming } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/lib/toast";
import { sendSampleCallAction } from "./actions";

/** Runs a sample call through the pipeline, then offers its call page, where each action's outcome shows. */
export function SendSampleCallButton({ disabledReason }: { disabledReason: string | null }) {
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <div className="flex flex-col items-start gap-1.5">
      <Button
        type="button"
        size="sm"
        disabled={pending || disabledReason !== null}
        aria-describedby={disabledReason ? "sample-call-disabled" : undefined}
        onClick={() =>
          startTransition(async () => {
            const result = await sendSampleCallAction();
            if (!result.ok) {
              toast.error(result.error);
              return;
            }
            const n = result.data.deliveries;
            toast.success(
              n === 0
                ? "Sample call stored. It matched no post-call action: check their conditions."
                : `Sample call stored: ${n} test message${n === 1 ? "" : "s"} on the way, free of charge.`,
              { action: { label: "Open the call", onClick: () => router.push(`/calls/${result.data.callId}`) } },
            );
            router.refresh();
          })
        }
      >
        {pending ? <Loader2 className="animate-spin" aria-hidden /> : <PhoneIncoming aria-hidden />}
        Send a sample call
      </Button>
      {disabledReason ? (
        <p id="sample-call-disabled" className="text-xs text-muted-foreground">
          {disabledReason}
        </p>
      ) : null}
    </div>
  );
}
