import { BookUser } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Contacts" };

export default function Page() {
  return (
    <ComingSoon title="Contacts" description="Saved contacts name the caller in every notification." icon={BookUser}>
      Saved contacts will name your callers in SMS, email and webhooks.
    </ComingSoon>
  );
}
