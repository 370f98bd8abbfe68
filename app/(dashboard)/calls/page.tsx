import { PhoneCall } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Calls" };

export default function Page() {
  return (
    <ComingSoon title="Calls" description="Every call your agent handled, newest first." icon={PhoneCall}>
      Send a test call with <code>npm run simulate</code> and it appears here.
    </ComingSoon>
  );
}
