import { SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Not found" };

/**
 * notFound() inside the dashboard (a missing id, or another account's): shown within the dashboard
 * layout, which already has the <main> landmark (app/not-found.tsx has its own, for signed-out pages).
 * It never says whether the thing exists elsewhere.
 */
export default function DashboardNotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState icon={SearchX} title="Nothing here in this workspace">
        The link may be old, or what it points to was deleted or belongs to another workspace. If you belong to several workspaces,
        switch to the right one.{" "}
        <Link href="/" className="font-medium text-primary underline-offset-4 hover:underline">
          Go to the overview
        </Link>
      </EmptyState>
    </>
  );
}
