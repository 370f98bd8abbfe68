import { PageSkeleton } from "@/components/page-skeleton";

// Was settings/loading.tsx, which now sits in (general) so post-call-actions has no page-level
// Suspense boundary (see that page); this page keeps its skeleton as before.
export default function Loading() {
  return <PageSkeleton cards={3} rows={4} label="Loading settings…" />;
}
