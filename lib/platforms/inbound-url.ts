import { getEnv } from "@/lib/env";

/** The URL a connection's platform posts to: the connection id decides the account (docs/architecture.md). */
export function inboundUrl(connectionId: string): string {
  return `${getEnv().APP_URL}/api/v1/inbound/${connectionId}`;
}
