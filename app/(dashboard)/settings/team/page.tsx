import { Users } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Team" };

export default function Page() {
  return (
    <ComingSoon title="Team" description="Who can see and change this workspace." icon={Users}>
      Invite developers and viewers to this workspace.
    </ComingSoon>
  );
}
