"use client";

import { Loader2, RotateCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { reenableEndpointAction, resendDeliveryAction } from "./actions";

export function ResendButton({ deliveryId }: { deliveryId: string }) {
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await resendDeliveryAction(deliveryId);
          if (result.ok) {
            toast.success("Queued again with the same webhook-id");
            router.refresh();
          } else toast.error(result.error);
        })
      }
    >
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : <RotateCw aria-hidden />}
      Resend
    </Button>
  );
}

export function ReenableButton({ actionId }: { actionId: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      size="sm"
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await reenableEndpointAction(actionId);
          if (result.ok) toast.success("Endpoint re-enabled: new calls will be delivered");
          else toast.error(result.error);
        })
      }
    >
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
      Re-enable
    </Button>
  );
}
