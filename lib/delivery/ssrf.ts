import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent } from "undici";

/**
 * SSRF protection for outbound webhooks (docs/architecture.md §3). With protection on (production default):
 * https only; the host is resolved once here and every address it resolves to must be public
 * unicast (no loopback, private, link-local/metadata, CGNAT, ULA, IPv4-mapped/NAT64 or other special
 * range); the request then connects to exactly the vetted address (the Agent's `lookup` answers with
 * it), so a DNS answer that changes between check and connect (rebinding) cannot redirect it.
 * Redirects are never followed (webhook.ts). `WEBHOOK_ALLOW_PRIVATE_NETWORKS=true` lifts all of this
 * for development and tests.
 */
export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));

export type UrlCheck =
  | { ok: true; url: URL; pinned: ResolvedAddress | null }
  | { ok: false; reason: "invalid_url" | "insecure_url" | "blocked_address" | "dns_failure"; detail: string };

/** Why an address is refused, or null when it is public unicast. */
export function blockedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return "invalid";
  let ip = ipaddr.parse(address);
  if (ip.kind() === "ipv6") {
    const v6 = ip as ipaddr.IPv6;
    // ::ffff:10.0.0.1 reaches 10.0.0.1: refuse mapped addresses outright (whatever they map to).
    if (v6.isIPv4MappedAddress()) return `ipv4Mapped(${v6.toIPv4Address().toString()})`;
    ip = v6;
  }
  const range = ip.range();
  return range === "unicast" ? null : range;
}

function stripBrackets(host: string) {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

export async function checkWebhookUrl(
  raw: string,
  opts: { allowPrivate: boolean; resolve?: Resolver },
): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "invalid_url", detail: "not a valid URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, reason: "invalid_url", detail: `unsupported scheme ${url.protocol}` };
  }
  if (url.username || url.password) return { ok: false, reason: "invalid_url", detail: "credentials in the URL" };
  if (opts.allowPrivate) return { ok: true, url, pinned: null };
  if (url.protocol !== "https:") {
    return { ok: false, reason: "insecure_url", detail: "webhook URLs must use https (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows http)" };
  }

  const host = stripBrackets(url.hostname);
  let addresses: ResolvedAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }];
  } else {
    try {
      addresses = await (opts.resolve ?? systemResolver)(host);
    } catch (error) {
      return { ok: false, reason: "dns_failure", detail: `could not resolve ${host}: ${(error as Error).message}` };
    }
    if (addresses.length === 0) return { ok: false, reason: "dns_failure", detail: `${host} has no addresses` };
  }
  for (const a of addresses) {
    const range = blockedRange(a.address);
    if (range) {
      return {
        ok: false,
        reason: "blocked_address",
        detail: `${host} resolves to ${a.address} (${range}); WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows private addresses`,
      };
    }
  }
  return { ok: true, url, pinned: addresses[0]! };
}

/** An undici Agent that connects only to `pinned`, whatever name the URL carries (TLS SNI stays the name). */
export function pinnedAgent(pinned: ResolvedAddress | null): Agent {
  if (!pinned) return new Agent({ connect: { timeout: 10_000 } });
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (typeof options === "object" && options?.all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    } else {
      callback(null, pinned.address, pinned.family);
    }
  };
  return new Agent({ connect: { timeout: 10_000, lookup } });
}
