import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/select";

/** The overview for one agent: a plain GET form, like the calls filters, so it needs no JavaScript and the URL can be shared. */
export function AgentFilter({ agents, value }: { agents: { id: string; label: string }[]; value: string }) {
  return (
    <form method="get" action="/" aria-label="Show one agent" className="flex items-end gap-2">
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="overview-agent">Agent</Label>
        <NativeSelect id="overview-agent" name="agent" defaultValue={value} className="w-48">
          <option value="">All agents</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline">
        Show
      </Button>
    </form>
  );
}
