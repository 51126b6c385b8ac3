import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files resolved at run time; bundling it breaks the build.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "rate-limiter-flexible"],
  poweredByHeader: false,
  experimental: { serverActions: { bodySizeLimit: "20mb" } },
};

export default nextConfig;
