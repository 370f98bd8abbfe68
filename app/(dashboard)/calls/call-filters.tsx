import { Search } from "lucide-react";
import Link from "next/link";
import { CALL_STATUS_LABEL } from "@/components/calls/call-status-badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";
import { callStatusEnum } from "@/db/schema";
import type { CallFiltersInput } from "@/lib/dashboard/call-filters";

/**
 * A plain GET form: the filters live in the URL, so a filtered list can be shared and the back button
 * works, and it needs no JavaScript. Submitting starts again from the newest page (no cursor).
 */
export function CallFiltersForm({ values, agents }: { values: CallFiltersInput; agents: { id: string; label: string }[] }) {
  return (
    <form method="get" action="/calls" role="search" aria-label="Filter calls" className="mb-4 grid grid-cols-2 gap-3 rounded-lg border bg-card p-4 shadow-sm lg:grid-cols-[minmax(0,1fr)_10rem_10rem_10rem_10rem_auto] lg:items-end">
      <div className="col-span-2 flex flex-col gap-1.5 lg:col-span-1">
        <Label htmlFor="q">Search</Label>
        <Input id="q" name="q" type="search" defaultValue={values.q ?? ""} placeholder="Caller number or name" />
      </div>
      <div className="col-span-2 flex flex-col gap-1.5 sm:col-span-1 lg:col-span-1">
        <Label htmlFor="status">Status</Label>
        <NativeSelect id="status" name="status" defaultValue={values.status ?? ""}>
          <option value="">All statuses</option>
          {callStatusEnum.enumValues.map((s) => (
            <option key={s} value={s}>
              {CALL_STATUS_LABEL[s]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="col-span-2 flex flex-col gap-1.5 sm:col-span-1 lg:col-span-1">
        <Label htmlFor="agent">Agent</Label>
        <NativeSelect id="agent" name="agent" defaultValue={values.agent ?? ""}>
          <option value="">All agents</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="from">From</Label>
        <Input id="from" name="from" type="date" defaultValue={values.from ?? ""} />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="to">To</Label>
        <Input id="to" name="to" type="date" defaultValue={values.to ?? ""} />
      </div>
      <div className="col-span-2 flex gap-2 sm:col-span-1 sm:items-end lg:col-span-1">
        <Button type="submit" className="flex-1 lg:flex-none">
          <Search aria-hidden />
          Filter
        </Button>
        <Button asChild variant="ghost">
          <Link href="/calls">Clear</Link>
        </Button>
      </div>
    </form>
  );
}
