import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files resolved at run time; bundling it breaks the build.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss"],
  poweredByHeader: false,
  experimental: { serverActions: { bodySizeLimit: "20mb" } },
};

export default nextConfig;
