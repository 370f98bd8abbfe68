import { Badge } from "@/components/ui/badge";
import type { DeliveryStatus } from "@/db/schema";

const VARIANT = { pending: "default", sent: "success", failed: "destructive", skipped: "warning" } as const;
const LABEL: Record<DeliveryStatus, string> = { pending: "Pending", sent: "Sent", failed: "Failed", skipped: "Skipped" };

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return <Badge variant={VARIANT[status]}>{LABEL[status]}</Badge>;
}
