import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files resolved at run time; bundling it breaks the build. node-redis (`redis`) has an
  // optional require of @opentelemetry/api that a bundler would try to resolve.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "rate-limiter-flexible", "redis"],
  // A second build beside the main one (a benchmark or a parallel test run) sets NEXT_DIST_DIR.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks on its own first; NEXT_SKIP_TYPECHECK=1 lets a parallel build skip the repeat.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  poweredByHeader: false,
  experimental: {
    // CSV import sends chunks of ≤512 KB; nothing else comes near this.
    serverActions: { bodySizeLimit: "2mb" },
    // The proxy buffers request bodies up to this size (10 MB by default): room for one upload of MAX_UPLOAD_MB.
    // The upload route enforces the real limit itself while streaming (lib/files).
    proxyClientMaxBodySize: Math.ceil((Number(process.env.MAX_UPLOAD_MB) || 20) + 1) * 1024 * 1024,
  },
  // No page of ours may be framed by another site (clickjacking a Revoke or Continue button); previews use srcdoc.
  // Pages get their full policy with a per-response nonce from proxy.ts; this one covers what the proxy skips.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          // No URL of ours (a link page's token, an admin's ?callbackUrl) in a Referer to another site. Not
          // no-referrer: Chromium then sends `Origin: null` on same-origin form POSTs (ARCHITECTURE.md).
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
