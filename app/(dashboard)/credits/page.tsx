import { Coins } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Credits" };

export default function Page() {
  return (
    <ComingSoon title="Credits" description="Your balance, usage and ledger." icon={Coins}>
      Usage by day and channel, and every charge and refund.
    </ComingSoon>
  );
}
