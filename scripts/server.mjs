#!/usr/bin/env node
// The HTTP server `npm start` runs (scripts/start.mjs spawns it): Next's own request handler, behind the few things
// only the socket knows. Route handlers, server actions and next-auth see headers, never the socket, so:
//   - the client's address is decided here (socket + TRUSTED_PROXIES) into CLIENT_IP_HEADER, replacing any copy a
//     client sent; lib/request-ip.ts reads it;
//   - X-Forwarded-Proto/-Host/-Port are believed only from a trusted proxy (Next fills them in from the socket);
//   - Next's `x-middleware-rewrite` response header (the proxy's internal /portal/<workspace id>/… path) is dropped;
//   - with INSTANCE_NAME set, every response says which instance answered (`x-served-by`).
// Usage: node scripts/server.mjs <port> [bind address]
import { createServer } from "node:http";
import path from "node:path";
import { CLIENT_IP_HEADER, parseTrustedProxies, resolveClient } from "./client-address.mjs";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
const bind = process.argv[3] || undefined;

let trust;
try {
  trust = parseTrustedProxies(process.env.TRUSTED_PROXIES);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
// An ops aid with several instances behind a load balancer: every response names the instance that answered it.
const instanceName = process.env.INSTANCE_NAME || "";
if (instanceName && !/^[A-Za-z0-9._-]{1,64}$/.test(instanceName)) {
  console.error(`INSTANCE_NAME="${instanceName}": use up to 64 letters, digits, dots, dashes or underscores (it is sent as the x-served-by header)`);
  process.exit(1);
}

process.env.NODE_ENV = "production";
// Read by lib/request-ip.ts: this process sets CLIENT_IP_HEADER on every request, so the header can be believed.
process.env.PORTAL_CLIENT_IP_FROM_SOCKET = "1";
// Server actions that redirect fetch the target from this server itself (as `next start` does): a reachable origin.
const own = !bind || bind === "0.0.0.0" || bind === "::" ? "localhost" : bind.includes(":") ? `[${bind}]` : bind;
process.env.__NEXT_PRIVATE_ORIGIN = `http://${own}:${port}`;

const { default: next } = await import("next");
// Next's own idea of its host stays "localhost" whatever we bind: it builds the origin it compares the proxy's
// rewrites against from it, and NextURL renames 127.0.0.1 to localhost (ARCHITECTURE: never -H 127.0.0.1).
const app = next({ dev: false, dir: root, hostname: "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();

let warned = false;
const server = createServer((req, res) => {
  const h = req.headers;
  const { ip, trustedPeer } = resolveClient({ remoteAddress: req.socket.remoteAddress, forwardedFor: h["x-forwarded-for"], trust });
  h[CLIENT_IP_HEADER] = ip ?? "unknown";
  if (!trustedPeer) {
    if (!warned && h["x-forwarded-for"] && trust.kind === "none" && isPrivate(req.socket.remoteAddress)) {
      warned = true;
      console.warn(
        `[server] a request came through a proxy at ${req.socket.remoteAddress}, but TRUSTED_PROXIES is unset: every client behind it ` +
          "shares that proxy's rate limits. Set TRUSTED_PROXIES to the proxy's address (docs/deploy.md).",
      );
    }
    delete h["x-forwarded-proto"];
    delete h["x-forwarded-host"];
    delete h["x-forwarded-port"];
  }
  if (instanceName) res.setHeader("x-served-by", instanceName);
  const setHeader = res.setHeader;
  res.setHeader = function (name, value) {
    if (String(name).toLowerCase() === "x-middleware-rewrite") return this;
    return setHeader.call(this, name, value);
  };
  handle(req, res);
});
// Keep idle connections longer than the proxy in front does (Caddy 2 min, AWS ALB 60 s). With Node's 5 s default the
// instance closes a connection the proxy is about to reuse, and a POST sent into that moment fails as a 502.
server.keepAliveTimeout = 130_000;
server.on("error", (err) => {
  console.error(err);
  process.exit(1);
});
server.listen(port, bind, () => console.log(`  ▲ Next.js ready on http://${own}:${port}${trust.kind === "none" ? "" : " (behind trusted proxies)"}`));

function isPrivate(addr) {
  return /^(::ffff:)?(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)|^::1$|^f[cd]/i.test(addr ?? "");
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    server.close();
    app.close().finally(() => process.exit(sig === "SIGINT" ? 130 : 143));
    setTimeout(() => process.exit(1), 5000).unref();
  });
}
