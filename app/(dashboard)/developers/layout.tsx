import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { DeveloperTabs } from "./developer-tabs";

export default function DevelopersLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <PageHeader
        title="Developer Tools"
        description={
          <>
            Verify our webhook signatures, read every delivery attempt and manage API keys. New here? Read the{" "}
            <Link href="/docs/webhooks" className="text-primary underline underline-offset-4">
              Webhook Integration Guide
            </Link>
            .
          </>
        }
      />
      <DeveloperTabs />
      {children}
    </>
  );
}
