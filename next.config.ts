import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

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

// next-intl: i18n/request.ts chooses each request's language and messages (lib/shared/locale.ts).
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
