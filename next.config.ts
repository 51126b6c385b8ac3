import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files resolved at run time; bundling it breaks the build.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "rate-limiter-flexible"],
  poweredByHeader: false,
  // CSV import sends chunks of ≤512 KB; nothing else comes near this.
  experimental: { serverActions: { bodySizeLimit: "2mb" } },
};

export default nextConfig;
