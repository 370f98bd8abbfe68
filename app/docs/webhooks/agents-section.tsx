import Link from "next/link";
import { code, Section } from "./section";

const link = "text-primary underline underline-offset-4";

const ROUTE_EXAMPLE = `PUT /api/v1/post-call-actions
{
  "actions": [
    { "channel": "sms", "to": "+61412345678", "agents": ["agt_…"] },
    { "channel": "webhook", "to": "https://example.com/hooks/aftercall" }
  ]
}`;

/** Agents and per-agent routing (docs/architecture.md §1, "Agents"; §4 for the API). */
export function AgentsSection() {
  return (
    <Section id="agents" title="Agents and routing">
      <p>
        An <strong>agent</strong> is one of your agent numbers, or an agent / assistant id your voice platform sends with its calls
        (Vapi&apos;s assistant, Retell&apos;s agent…). Each appears by itself with its first call, and a number as soon as you add it
        under <Link className={link} href="/settings/phone-numbers">Phone numbers</Link>. Name them under{" "}
        <Link className={link} href="/settings/agents">Settings → Agents</Link> (&ldquo;Rentals line&rdquo;) or with{" "}
        <code className={code}>PATCH /api/v1/agents/{"{id}"}</code>; <code className={code}>GET /api/v1/agents</code> lists them, and
        every call in the API carries its <code className={code}>agent_id</code>.
      </p>
      <p>
        Every post-call action runs for all agents&apos; calls unless you route it: pick agents in the action&apos;s dialog, or send
        their ids as <code className={code}>agents</code>. An empty list means every agent; an id that is not one of your agents is
        refused with a <code className={code}>422</code> naming it (<code className={code}>actions[0].agents[1]</code>). The
        credit-cost preview counts only the calls a routed action would have run for.
      </p>
      <pre className="overflow-x-auto rounded-lg border bg-muted px-4 py-3 font-mono text-xs">{ROUTE_EXAMPLE}</pre>
    </Section>
  );
}
