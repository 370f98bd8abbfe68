/** The roles and what each may do: plain data, so the team page's client code can use it without zod. */
export const ROLES = ["owner", "developer", "viewer"] as const;

export const ROLE_HELP: Record<(typeof ROLES)[number], string> = {
  owner: "Everything, including the team, credits and account settings.",
  developer: "Post-call actions, webhooks and API keys; reads everything.",
  viewer: "Reads calls, deliveries and credits; changes nothing.",
};
