import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div role="status" aria-label="Loading calls">
      <Skeleton className="mb-2 h-8 w-32" />
      <Skeleton className="mb-6 h-4 w-80 max-w-full" />
      <Skeleton className="mb-4 h-24 w-full" />
      <div className="divide-y rounded-lg border bg-card">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex items-center gap-4 px-4 py-4">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="hidden h-4 flex-1 sm:block" />
            <Skeleton className="h-5 w-20" />
          </div>
        ))}
      </div>
      <span className="sr-only">Loading calls…</span>
    </div>
  );
}
