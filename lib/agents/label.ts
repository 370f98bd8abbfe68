import { formatPhone } from "@/lib/phone";
import { PLATFORM_LABELS } from "@/lib/platforms/guides";
import type { PlatformName } from "@/lib/platforms/types";

export type AgentIdentity = { name: string | null; number: string | null; platform: PlatformName | null; platformAgentId: string | null };

/** How an agent is called wherever a person reads it: the owner's name, else its number, else its platform id. */
export function agentLabel(a: AgentIdentity): string {
  if (a.name) return a.name;
  if (a.platform && a.platformAgentId) return `${PLATFORM_LABELS[a.platform]} agent ${shortId(a.platformAgentId)}`;
  return a.number ? formatPhone(a.number) : "Unnamed agent";
}

/** What the agent is, under its name: "Vapi · asst_1234… · +61 2 9000 0000" (an unnamed number is not repeated). */
export function agentDetail(a: AgentIdentity): string {
  if (a.platform && a.platformAgentId) {
    return [PLATFORM_LABELS[a.platform], a.platformAgentId, ...(a.number ? [formatPhone(a.number)] : [])].join(" · ");
  }
  return a.name && a.number ? `Phone number · ${formatPhone(a.number)}` : "Phone number";
}

const shortId = (id: string) => (id.length > 12 ? `${id.slice(0, 10)}…` : id);
