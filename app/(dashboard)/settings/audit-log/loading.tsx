import { PageSkeleton } from "@/components/page-skeleton";

export default function Loading() {
  return <PageSkeleton cards={0} rows={10} label="Loading the audit log…" />;
}
