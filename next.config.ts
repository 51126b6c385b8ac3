import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files resolved at run time; bundling it breaks the build.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "rate-limiter-flexible"],
  // A second build beside the main one (a benchmark or a parallel test run) sets NEXT_DIST_DIR.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` type-checks on its own first; NEXT_SKIP_TYPECHECK=1 lets a parallel build skip the repeat.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
  poweredByHeader: false,
  // CSV import sends chunks of ≤512 KB; nothing else comes near this.
  experimental: { serverActions: { bodySizeLimit: "2mb" } },
};

export default nextConfig;
