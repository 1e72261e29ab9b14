import type { NextConfig } from "next";

// Security headers (CSP with a per-request nonce, HSTS, Permissions-Policy, …) are set in
// proxy.ts, which sees each request; see lib/security-headers.ts.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  // PGlite loads its WASM and data files from its package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter"],
};

export default nextConfig;
