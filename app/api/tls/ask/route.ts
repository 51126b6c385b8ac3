import { classifyHost } from "@/lib/tenancy/host";
import { resolveWorkspace } from "@/lib/tenancy/resolve";

export const dynamic = "force-dynamic";

const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/**
 * Caddy's on-demand TLS `ask`: 200 only for a custom domain whose ownership is proven (verified or active), so
 * nobody can make us request certificates for arbitrary names. Answered from the proxy's in-process cache and one
 * indexed lookup on a miss: no DNS, a few milliseconds.
 */
export async function GET(req: Request) {
  const raw = new URL(req.url).searchParams.get("domain") ?? "";
  const name = raw.trim().toLowerCase().replace(/\.$/, "");
  const host = classifyHost(name, process.env.APP_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000", process.env.PORTAL_ROOT_DOMAIN ?? "localhost");
  // Only well-formed names reach the lookup (and its cache): junk like "a..b" is refused before any query.
  const ok = host.kind === "custom" && DOMAIN.test(name) && !!(await resolveWorkspace(host));
  return new Response(ok ? "ok" : "unknown domain", { status: ok ? 200 : 404, headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}
