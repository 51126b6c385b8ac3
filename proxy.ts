import { NextResponse, type NextRequest } from "next/server";
import { hostUrl } from "@/lib/domains/domain-url";
import { readCapped } from "@/lib/http/read-capped";
import { sameOriginPost } from "@/lib/same-origin";
import { ACTION_BODY_LIMIT, actionBodyRejection, isMalformedPath, isPossibleServerAction, rejectionResponse } from "@/lib/http/reject-malformed";
import { classifyHost } from "@/lib/tenancy/host";
import { HOST_HEADER, ROUTING_HEADERS, WORKSPACE_HEADER, WORKSPACE_SLUG_HEADER } from "@/lib/tenancy/headers";
import { resolveWorkspace } from "@/lib/tenancy/resolve";
import { errorMessages } from "@/lib/errors";
import { geoDecision } from "@/lib/security/geo-block";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "@/lib/security/response-headers";
import { cacheablePage, pageVariant } from "@/lib/page-cache/cacheable-page";
import { FILL_HEADER, FILL_NONCE_HEADER, FILL_VIEW_HEADER, FILL_WORKSPACE_HEADER, fillRequest } from "@/lib/page-cache/render-page";
import { pageCacheActive, serveCachedPage } from "@/lib/page-cache/serve-cached-page";

const isIpHost = (h: string | null) => !!h && /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])(:\d+)?$/i.test(h.trim());
const geoBlockedApi = () =>
  NextResponse.json({ error: { code: "GEO_BLOCKED", message: errorMessages.GEO_BLOCKED } }, { status: 403, headers: { "cache-control": "no-store" } });
const notFound = () => new NextResponse("Not found", { status: 404, headers: { "content-type": "text/plain" } });

/**
 * Every answer gets a per-response CSP nonce (on the request too: Next stamps it on the scripts it renders) and, over
 * https, HSTS (lib/security/response-headers.ts). This instance's own render of a page for the page cache
 * (lib/page-cache) names the placeholder nonce to render with instead.
 */
export async function proxy(req: NextRequest) {
  const fill = fillRequest(req.headers);
  const nonce = fill?.nonce ?? newNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const appUrl = process.env.APP_URL ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000";
  const host = classifyHost(req.headers.get("host"), appUrl, process.env.PORTAL_ROOT_DOMAIN ?? "localhost");
  const res = await route(req, host, csp, nonce, fill?.workspaceId ?? null);
  res.headers.set("content-security-policy", csp);
  const hsts = strictTransportSecurity(req.headers, appUrl, host.kind === "custom");
  if (hsts) res.headers.set("strict-transport-security", hsts);
  return res;
}

/** Routing only: which tenant a host is, and where its pages live. Authorisation happens in server code. */
async function route(req: NextRequest, host: ReturnType<typeof classifyHost>, csp: string, nonce: string, fillFor: string | null) {
  const fill = fillFor !== null;
  const headers = new Headers(req.headers);
  for (const h of [...ROUTING_HEADERS, FILL_HEADER, FILL_NONCE_HEADER, FILL_WORKSPACE_HEADER, FILL_VIEW_HEADER]) headers.delete(h); // never trust a client's copy
  // This instance's own fill (checked above): the page renders the shape it names, with placeholders for the values.
  const view = fill ? req.headers.get(FILL_VIEW_HEADER) : null;
  if (view) headers.set(FILL_VIEW_HEADER, view);
  headers.set("content-security-policy", csp);
  const rawHost = req.headers.get("host");
  const path = req.nextUrl.pathname;
  // Input Next.js would answer with a bare 500 before our code runs (lib/http/reject-malformed.ts): a path that
  // does not decode is a 404 on every host, a server action body React cannot decode a 400 or 413.
  if (isMalformedPath(path)) return notFound();
  if (isPossibleServerAction(req.method, req.headers) && !path.startsWith("/api/")) {
    // Next refuses a cross-site action itself, but by throwing: a bare 500. Same rule, answered as what it is.
    if (!sameOriginPost(req.headers)) return new NextResponse("Cross-site request refused", { status: 403, headers: { "content-type": "text/plain", "cache-control": "no-store" } });
    const rejected = await actionBodyRejection(req.headers, () => readCapped(req.body, ACTION_BODY_LIMIT));
    if (rejected) return rejectionResponse(rejected);
  }
  // Caddy's on-demand TLS asks from wherever it runs (often 127.0.0.1): answer it on any host. It reveals only
  // which domains are verified, which their DNS shows anyway.
  if (path === "/api/tls/ask") return NextResponse.next({ request: { headers } });

  if (host.kind === "app") {
    if (path === "/portal" || path.startsWith("/portal/")) return notFound(); // the internal segment
    if (path === "/dev/outbox" && req.nextUrl.searchParams.get("format") === "json") {
      return NextResponse.rewrite(new URL("/api/dev/outbox", req.url), { request: { headers } });
    }
    return NextResponse.next({ request: { headers } });
  }
  if (host.kind === "unknown") {
    // A load balancer's health check often names the instance's IP as the Host: answer it, and nothing else.
    if (path === "/api/health" && isIpHost(rawHost)) return NextResponse.next({ request: { headers } });
    return notFound();
  }
  const ws = await resolveWorkspace(host);
  if (!ws) return notFound();
  // A fill for a workspace this host no longer serves (moved meanwhile) is not rendered, so never cached under it.
  if (fill && ws.id !== fillFor) return notFound();
  if (ws.redirectTo) return NextResponse.redirect(`${hostUrl(ws.redirectTo)}${path}${req.nextUrl.search}`, 308);
  // The portal host serves only portal pages and the portal's own API; admin pages and next-auth stay on the app host.
  if (path.startsWith("/api/") && !path.startsWith("/api/portal/")) return notFound();
  headers.set(WORKSPACE_HEADER, ws.id);
  headers.set(WORKSPACE_SLUG_HEADER, ws.slug);
  headers.set(HOST_HEADER, (rawHost ?? "").toLowerCase());
  // Geoblocking (lib/security/geo-block.ts): a blocked client gets the blocked page or a 403, and nothing else runs.
  // A page-cache fill comes from this instance on behalf of a client that was already let through.
  if (!fill && (await geoDecision(ws.id, req.headers, path)).blocked) {
    if (path.startsWith("/api/portal/")) return geoBlockedApi();
    headers.delete("next-action"); // a form post lands on the blocked page, never in an action
    return NextResponse.rewrite(new URL(`/portal/${ws.id}/blocked`, req.url), { status: 403, request: { headers } });
  }
  if (path === "/blocked") return notFound(); // only ever shown in place of the page a blocked client asked for
  // Pages that depend only on the workspace and a small shape come from the per-instance page cache (lib/page-cache),
  // near a static page's speed, with this request's values filled in; everything else, and this instance's own render
  // for the cache, is rendered per request (so is a page whose state could not be read here: the page says why).
  const cacheable = fill || !pageCacheActive() ? null : cacheablePage({ method: req.method, path, search: req.nextUrl.searchParams, headers: req.headers });
  if (cacheable) {
    const variant = await pageVariant(cacheable, { workspaceId: ws.id, headers: req.headers }).catch(() => null);
    const cached = variant && (await serveCachedPage({ workspaceId: ws.id, variant, host: rawHost ?? "", method: req.method, nonce }));
    if (cached) return cached;
  }
  // The portal's API lives at its own path: passed on with the routing headers, no rewrite (a rewrite routes again).
  if (path.startsWith("/api/portal/")) return NextResponse.next({ request: { headers } });
  const url = new URL(`/portal/${ws.id}${path === "/" ? "" : path}${req.nextUrl.search}`, req.url);
  return NextResponse.rewrite(url, { request: { headers } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
