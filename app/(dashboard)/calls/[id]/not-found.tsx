import { PhoneOff } from "lucide-react";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function CallNotFound() {
  return (
    <EmptyState icon={PhoneOff} title="Call not found">
      This call does not exist in this workspace. If you belong to several workspaces, switch to the one it came from.{" "}
      <Link href="/calls" className="font-medium text-primary underline-offset-4 hover:underline">
        Back to calls
      </Link>
    </EmptyState>
  );
}
