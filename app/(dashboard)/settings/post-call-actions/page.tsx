import { Workflow } from "lucide-react";
import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";

export const metadata: Metadata = { title: "Post-call actions" };

export default function Page() {
  return (
    <ComingSoon title="Post-call actions" description="Choose how you receive conversation summaries of every call your agent picks up." icon={Workflow}>
      Send an SMS, an email or a signed webhook after every call.
    </ComingSoon>
  );
}
