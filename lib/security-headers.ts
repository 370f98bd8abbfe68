/**
 * Headers on every response, API included: next.config.ts sets them on what Next.js serves, and the
 * lean inbound path (lib/server/inbound-http.ts) on what it answers. The page CSP (with its nonce) is
 * set in proxy.ts. No imports: next.config.ts loads this file.
 */
export function securityHeaders(production: boolean): { key: string; value: string }[] {
  const headers = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  ];
  if (production) headers.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
  return headers;
}
