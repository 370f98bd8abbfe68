import type { LucideIcon } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/ui/empty-state";

/** The shell for a page whose feature has not landed yet: a titled empty state, never a blank page. */
export function ComingSoon({ title, description, icon, children }: { title: string; description: string; icon: LucideIcon; children?: React.ReactNode }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState icon={icon} title={`${title} is on its way`}>
        {children}
      </EmptyState>
    </>
  );
}
