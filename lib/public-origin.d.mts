// Types for lib/public-origin.mjs (plain JS so scripts/start.mjs can run it with `node`).
type Env = Record<string, string | undefined>;
export function portalOriginParts(env: Env): { scheme: "http" | "https"; port: string };
export function portalOrigin(hostname: string, env: Env): string;
