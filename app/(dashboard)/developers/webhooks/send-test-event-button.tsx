"use client";

import { Loader2, Send } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { sendTestEventAction } from "./actions";

/** Sends a signed `test: true` event to every enabled webhook action, or says how to add one. */
export function SendTestEventButton({ webhookCount }: { webhookCount: number }) {
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  if (webhookCount === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        No webhook action to test yet. Add one under{" "}
        <Link className="text-primary underline underline-offset-4" href="/settings/post-call-actions">
          Post-call actions
        </Link>
        .
      </p>
    );
  }
  return (
    <Button
      type="button"
      variant="outline"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await sendTestEventAction();
          if (!result.ok) {
            toast.error(result.error);
            return;
          }
          const n = result.data.deliveryIds.length;
          toast.success(`Test event queued for ${n} endpoint${n === 1 ? "" : "s"}`, {
            action: { label: "Delivery log", onClick: () => router.push("/developers/webhooks/deliveries") },
          });
          router.refresh();
        })
      }
    >
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : <Send aria-hidden />}
      Send test event
    </Button>
  );
}
