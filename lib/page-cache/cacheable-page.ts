import { errorMessages } from "@/lib/errors";

/**
 * Which portal requests may be answered from the per-workspace page cache (lib/page-cache/page-store.ts), as the
 * variant's key, or null for a render of its own. Only pages whose HTML depends on nothing but the workspace: the
 * sign-in page, plain or with one of the notices the sign-in flow redirects to. Never for a browser holding a portal
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

/** "", "?signed_out=1" or "?error=<a known error code>": the sign-in page's only variants; anything else is null. */
function variantQuery(search: URLSearchParams): string | null {
  const entries = [...search.entries()];
  if (entries.length === 0) return "";
  if (entries.length > 1) return null;
  const [[name, value]] = entries;
  if (name === "signed_out" && value === "1") return "?signed_out=1";
  if (name === "error" && /^[A-Z0-9_]{1,48}$/.test(value) && Object.hasOwn(errorMessages, value)) return `?error=${value}`;
  return null;
}
