import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton cards={1} rows={4} label="Loading agents…" />;
}
