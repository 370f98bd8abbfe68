import { Code2 } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Developer Tools" };

export default function Page() {
  return (
    <ComingSoon title="Developer Tools" description="Webhook signing secret, delivery log and API keys." icon={Code2}>
      Copy your webhook secret and read every delivery attempt here.
    </ComingSoon>
  );
}
