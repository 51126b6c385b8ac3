// When the app must be (re)built, and building it without leaving noise behind: shared by `npm start`, the bench and
// the scale test, so the three agree on what "the build is up to date" means.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
/** What goes into a build: a change to any of these makes the build stale. */
const SOURCES = ["app", "components", "lib", "proxy.ts", "instrumentation.ts", "next.config.ts", "package.json", "drizzle"];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = 0;
  for (const e of readdirSync(p)) if (e !== "node_modules" && !e.startsWith(".")) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

/** When the build in `distDir` was made (its BUILD_ID), or 0 when there is none. */
export function builtAt(distDir) {
  const id = path.join(root, distDir, "BUILD_ID");
  return existsSync(id) ? statSync(id).mtimeMs : 0;
}

/** Whether the build in `distDir` is missing or older than any source. */
export function buildIsStale(distDir) {
  const built = builtAt(distDir);
  return !built || Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s)))) > built;
}

/**
 * `next build` into `distDir`, its output in `logFile`; throws with the output's tail when it fails. With
 * NEXT_DIST_DIR set, Next rewrites tsconfig.json and next-env.d.ts to name that dir: noise, put back as it was.
 */
export function nextBuild(distDir, logFile) {
  const touched = ["tsconfig.json", "next-env.d.ts"].map((f) => path.join(root, f)).filter((f) => existsSync(f));
  const before = touched.map((f) => readFileSync(f, "utf8"));
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  touched.forEach((f, i) => readFileSync(f, "utf8") !== before[i] && writeFileSync(f, before[i]));
  const out = `${r.stdout ?? ""}\n${r.stderr ?? ""}`;
  writeFileSync(logFile, out);
  if (r.status !== 0) throw new Error(`next build failed (log: ${logFile}):\n${out.trim().split("\n").slice(-30).join("\n")}`);
}
