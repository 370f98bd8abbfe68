import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton cards={2} rows={4} label="Loading voice platforms…" />;
}
