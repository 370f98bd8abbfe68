import { Settings } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Settings" };

export default function Page() {
  return (
    <ComingSoon title="Settings" description="Workspace name, phone numbers, time zone and retention." icon={Settings}>
      Workspace settings and agent phone numbers.
    </ComingSoon>
  );
}
