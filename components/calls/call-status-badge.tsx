import { Badge } from "@/components/ui/badge";
import type { CallStatus } from "@/db/schema";

const VARIANT = {
  completed: "success",
  "no-answer": "warning",
  busy: "warning",
  failed: "destructive",
  canceled: "outline",
} as const;

export const CALL_STATUS_LABEL: Record<CallStatus, string> = {
  completed: "Completed",
  "no-answer": "No answer",
  busy: "Busy",
  failed: "Failed",
  canceled: "Canceled",
};

export function CallStatusBadge({ status }: { status: CallStatus }) {
  return (
    <Badge variant={VARIANT[status]}>
      {CALL_STATUS_LABEL[status]}
    </Badge>
  );
}
