"use client";

import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

/** recharts loads only on this page and only in the browser, so the rest of the app stays light. */
export const UsageChartLazy = dynamic(() => import("./usage-chart"), {
  ssr: false,
  loading: () => <Skeleton className="h-64 w-full" />,
});
