#!/usr/bin/env node
// `npm start`: build if the sources changed, then run the server on the embedded database (or DATABASE_URL),
// wait until it answers, and print where everything is.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { portalOrigin } from "../lib/public-origin.mjs";
import { buildIsStale, builtAt } from "./next-build.mjs";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);
const port = Number(process.env.PORT ?? 3000);

mkdirSync(".data", { recursive: true });
if (!process.env.APP_SECRET && !process.env.NEXTAUTH_SECRET) {
  // A per-install secret kept beside the embedded database; production sets APP_SECRET instead.
  const file = ".data/app-secret";
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.APP_SECRET = readFileSync(file, "utf8").trim();
}
process.env.APP_URL ??= process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
process.env.NEXTAUTH_URL ??= process.env.APP_URL;
process.env.PORTAL_ROOT_DOMAIN ??= "localhost";
try {
  portalOrigin("check", process.env); // a bad PORTAL_PUBLIC_SCHEME/PORT stops here, not in the first email
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
if (process.env.TRUSTED_PROXIES && new URL(process.env.APP_URL).port === String(port)) {
  // Behind a proxy, browsers do not use this instance's port: every link in every email would point past the proxy.
  console.warn(`APP_URL (${process.env.APP_URL}) names this instance's own port ${port}, but requests come through a proxy: set APP_URL to the address browsers use (docs/deploy.md).`);
}

const distDir = process.env.NEXT_DIST_DIR || ".next";
if (process.env.SKIP_BUILD !== "true" && buildIsStale(distDir)) {
  console.log(builtAt(distDir) ? "Sources changed since the last build: building…" : "First run: building the app (about a minute)…");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// A local install (APP_URL on localhost) listens on loopback only: its dev outbox shows sign-in links, and nobody
// else on the network may read them. A public APP_URL listens on every interface unless HOST says otherwise.
const appHost = new URL(process.env.APP_URL).hostname;
const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(appHost) || appHost.endsWith(".localhost");
// "localhost", not "127.0.0.1": Next's NextURL renames 127.0.0.1 to localhost, so with -H 127.0.0.1 the proxy's
// portal rewrites look like another origin and are proxied back to the app host (a 404 on every portal page).
const bind = process.env.HOST ?? (loopback ? "localhost" : undefined);
// Next behind a small Node server of ours (scripts/server.mjs), not `next start`: only the socket knows the client's
// address, and route handlers see headers, never the socket (TRUSTED_PROXIES, ARCHITECTURE.md).
const server = spawn(process.execPath, ["scripts/server.mjs", String(port), ...(bind ? [bind] : [])], {
  stdio: ["inherit", "pipe", "inherit"],
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
server.stdout.on("data", (d) => process.stdout.write(d));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));

const appUrl = process.env.APP_URL.replace(/\/$/, "");
const health = `http://localhost:${port}/api/health`;
for (let i = 0; i < 240; i++) {
  try {
    const res = await fetch(health, { headers: { host: new URL(appUrl).host } });
    if (res.ok) {
      const { db } = await res.json();
      const portal = portalOrigin(`acme.${process.env.PORTAL_ROOT_DOMAIN}`, process.env);
      const outboxOn = process.env.DEV_OUTBOX === "true" || (process.env.DEV_OUTBOX !== "false" && loopback);
      const outbox = outboxOn ? `${appUrl}/dev/outbox` : process.env.RESEND_API_KEY ? "(off: email goes through Resend)" : "(off: set RESEND_API_KEY, or no email is delivered)";
      console.log(`
  Client Portal is running (database: ${db === "pglite" ? `embedded PGlite in ${process.env.PGLITE_DIR ?? ".data/pglite"}` : "Postgres at DATABASE_URL"})

    Admin        ${appUrl}
    Demo portal  ${portal}
    Dev outbox   ${outbox}

  Sign in: open the admin URL, enter owner@acme.test, then open the sign-in link
  that lands in the dev outbox. As a client of the demo portal: enter 98765 43210
  there and read the SMS code in the dev outbox. Stop with Ctrl+C.
`);
      // lib/clock.ts: a clock anyone can move would defeat every expiry; it exists for the e2e suite only.
      if (process.env.TEST_CLOCK === "1") console.log("  WARNING: TEST_CLOCK=1 lets /api/dev/clock move this server's clock. Never set it in production.\n");
      break;
    }
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}
