#!/usr/bin/env node
// `npm run test:e2e`: build once if needed, then Playwright against `next start` on a fresh embedded database.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const run = (args, env = {}) => {
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (process.env.E2E_SKIP_BUILD !== "true" || !existsSync(path.join(process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) run(["node_modules/next/dist/bin/next", "build"]);
const dir = `.data/e2e-${Date.now()}`;
try {
  run(["node_modules/@playwright/test/cli.js", "test", ...process.argv.slice(2)], { E2E_PGLITE_DIR: dir });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
