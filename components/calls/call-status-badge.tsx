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

// The Badge primitive's 15 % tints leave small success/warning text just under WCAG AA (axe flags it);
// a lighter tint and, for amber, a darker text keep 4.5:1.
const CONTRAST_FIX: Partial<Record<CallStatus, string>> = {
  completed: "bg-success/10",
  "no-answer": "bg-warning/10 text-amber-800 dark:text-warning",
  busy: "bg-warning/10 text-amber-800 dark:text-warning",
};

export function CallStatusBadge({ status }: { status: CallStatus }) {
  return (
    <Badge variant={VARIANT[status]} className={CONTRAST_FIX[status]}>
      {CALL_STATUS_LABEL[status]}
    </Badge>
  );
}
