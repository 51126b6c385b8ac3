// The public origin of a portal host (plain JS: scripts/start.mjs prints it in its banner, lib/domains/domain-url.ts
// builds every portal link with it). Behind a proxy the app's own port is not what browsers use, so the scheme and
// port can be set apart from APP_URL; unset, they follow APP_URL (a local install: http://acme.localhost:3000).

const DEFAULT_PORT = { http: "80", https: "443" };

/**
 * `{ scheme, port }` for portal links from APP_URL and PORTAL_PUBLIC_SCHEME / PORTAL_PUBLIC_PORT; `port` is "" when it
 * is the scheme's default. A scheme set apart from APP_URL's does not inherit APP_URL's port. Throws a sentence
 * naming the setting when a value is invalid.
 */
export function portalOriginParts(env) {
  const app = new URL(env.APP_URL || env.NEXTAUTH_URL || "http://localhost:3000");
  const appScheme = app.protocol.replace(":", "");
  const rawScheme = (env.PORTAL_PUBLIC_SCHEME ?? "").trim().toLowerCase();
  const rawPort = (env.PORTAL_PUBLIC_PORT ?? "").trim();
  if (rawScheme && !DEFAULT_PORT[rawScheme]) throw new Error(`PORTAL_PUBLIC_SCHEME must be http or https, not "${rawScheme}"`);
  if (rawPort && !(/^\d{1,5}$/.test(rawPort) && Number(rawPort) >= 1 && Number(rawPort) <= 65535)) {
    throw new Error(`PORTAL_PUBLIC_PORT must be a port number (1-65535), not "${rawPort}"`);
  }
  const scheme = rawScheme || appScheme;
  const port = rawPort ? String(Number(rawPort)) : scheme === appScheme ? app.port : "";
  return { scheme, port: port === DEFAULT_PORT[scheme] ? "" : port };
}

/** `https://portal.customer.com`, `http://acme.localhost:3000`: a hostname on the portals' public scheme and port. */
export function portalOrigin(hostname, env) {
  const { scheme, port } = portalOriginParts(env);
  return `${scheme}://${hostname}${port ? `:${port}` : ""}`;
}
