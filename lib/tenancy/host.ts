/** What a request's Host header names: the admin app, a platform subdomain, a candidate custom domain, or nothing. */
export type HostKind =
  | { kind: "app" }
  | { kind: "subdomain"; slug: string; hostname: string }
  | { kind: "custom"; hostname: string }
  | { kind: "unknown" };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Pure, so it is unit-tested without a server: `appUrl` is APP_URL, `rootDomain` is PORTAL_ROOT_DOMAIN. */
export function classifyHost(rawHost: string | null | undefined, appUrl: string, rootDomain: string): HostKind {
  if (!rawHost) return { kind: "unknown" };
  const host = rawHost.trim().toLowerCase();
  const hostname = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0];
  if (!hostname || hostname.length > 253 || !/^[a-z0-9.\-[\]:]+$/.test(hostname)) return { kind: "unknown" };
  const app = new URL(appUrl).hostname.toLowerCase();
  if (hostname === app || (LOOPBACK.has(app) && LOOPBACK.has(hostname))) return { kind: "app" };
  const root = rootDomain.toLowerCase();
  if (hostname.endsWith(`.${root}`)) {
    const slug = hostname.slice(0, -(root.length + 1));
    // One label only: a.b.localhost is not a workspace.
    if (/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug)) return { kind: "subdomain", slug, hostname };
    return { kind: "unknown" };
  }
  if (hostname.includes(".") && !LOOPBACK.has(hostname) && !/^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return { kind: "custom", hostname };
  return { kind: "unknown" };
}
