/**
 * Which portal requests may be answered from the per-workspace page cache (lib/page-cache/page-store.ts), as the
 * variant's key, or null for a render of its own. Only pages whose HTML depends on nothing but the workspace: the
 * sign-in page, plain or after signing out. (After an error it renders per request: those are rare, and caching one
 * variant per error code would let anyone fill the cache with them.) Never for a browser holding a portal
 * session (the page then redirects a signed-in client home, or tells a revoked one their access ended), never for
 * Next's client-side navigations (RSC requests, prefetches) or server actions, never for an unknown query.
 */
export function cacheablePage(req: { method: string; path: string; search: URLSearchParams; headers: Headers }): string | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  if (!CACHED_PATHS.has(req.path)) return null;
  const h = req.headers;
  if (h.has("rsc") || h.has("next-action") || h.has("next-router-prefetch") || h.has("next-router-state-tree")) return null;
  if (/(^|;\s*)(__Host-)?portal_session=/.test(h.get("cookie") ?? "")) return null;
  const query = variantQuery(req.search);
  if (query === null) return null;
  // http and https render the same today; kept apart so a page that one day shows its scheme cannot cross over.
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https" ? "https" : "http";
  return `${proto} ${req.path}${query}`;
}

const CACHED_PATHS = new Set(["/sign-in"]);

/** "" or "?signed_out=1": the sign-in page's cached variants; anything else is null. */
function variantQuery(search: URLSearchParams): string | null {
  const entries = [...search.entries()];
  if (entries.length === 0) return "";
  if (entries.length === 1 && entries[0][0] === "signed_out" && entries[0][1] === "1") return "?signed_out=1";
  return null;
}

/** The path and query a variant renders (from the variant, not the request: every spelling of it renders alike). */
export function variantPath(variant: string): string {
  return variant.slice(variant.indexOf(" ") + 1);
}
