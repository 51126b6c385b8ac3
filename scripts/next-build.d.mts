// Types for scripts/next-build.mjs (plain JS so scripts/start.mjs can run it with `node`).
export function builtAt(distDir: string): number;
export function buildIsStale(distDir: string): boolean;
export function nextBuild(distDir: string, logFile: string): void;
