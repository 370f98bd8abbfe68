import { Settings } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Settings" };

export default function Page() {
  return (
    <ComingSoon title="Settings" description="Workspace name, phone numbers, time zone and retention." icon={Settings}>
      Workspace settings and agent phone numbers.
      {/* ingest: link to the agent numbers page */}
      <p className="mt-3">
        <Link href="/settings/phone-numbers" className="font-medium text-primary underline-offset-4 hover:underline">
          Phone numbers
        </Link>{" "}
        — the numbers your agent answers on.
      </p>
    </ComingSoon>
  );
}
