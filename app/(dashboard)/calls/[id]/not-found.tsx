import { PhoneOff } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/ui/empty-state";

/** A missing call and another account's call look the same: nothing tells one from the other. */
export default function CallNotFound() {
  return (
    <>
      <PageHeader title="Call not found" />
      <EmptyState icon={PhoneOff} title="This call is not in this workspace">
        It may have been deleted, or it belongs to another workspace. If you belong to several workspaces, switch to the one it came from.{" "}
        <Link href="/calls" className="font-medium text-primary underline-offset-4 hover:underline">
          Back to calls
        </Link>
      </EmptyState>
    </>
  );
}
