import type { NextConfig } from "next";

// Security headers (CSP with a per-request nonce, HSTS, Permissions-Policy, …) are set in
// proxy.ts, which sees each request; see lib/server/security/security-headers.ts.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  // PGlite loads its WASM and data files from its package folder at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter"],
  // @simplewebauthn/browser's entry re-exports every helper and its package does not declare
  // itself free of side effects, so without this /signin would also ship startRegistration
  // (~0.7 KB gzip of the page's budget; see scripts/page-weight.ts).
  experimental: { optimizePackageImports: ["@simplewebauthn/browser"] },
};

export default nextConfig;
