import { Badge } from "@/components/ui/badge";
import type { CallStatus } from "@/db/schema";
import { CALL_STATUS_LABEL } from "@/lib/call-status";

export { CALL_STATUS_LABEL };

const VARIANT = {
  completed: "success",
  "no-answer": "warning",
  busy: "warning",
  failed: "destructive",
  canceled: "outline",
} as const;

export function CallStatusBadge({ status }: { status: CallStatus }) {
  return (
    <Badge variant={VARIANT[status]}>
      {CALL_STATUS_LABEL[status]}
    </Badge>
  );
}
