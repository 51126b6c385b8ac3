import "server-only";
import { getDb } from "@/lib/db";
import { checkEmailState, type CheckEmailQuery } from "@/lib/portal/check-email-state";
import { linkLandingState } from "@/lib/portal/link-landing-state";
import { isLinkToken } from "@/lib/portal/link-path";
import { pendingSignInFrom } from "@/lib/portal/portal-request";

/**
 * Which portal requests may be answered from the per-workspace page cache (lib/page-cache/page-store.ts), or null for
 * a render of its own. Pages whose HTML depends only on the workspace and a small shape, plus per-request values the
 * cache fills in (lib/page-cache/slots.ts):
 * - the sign-in page, plain or after signing out;
 * - check-email: its shape is the channel, the error shown and whether a wait is on; the values are the address or
 *   number and the wait;
 * - a link's landing page (`/l/` and the SMS form `/s/`): its shape is the link's state; the value is its token.
 * Every variant is one of a small set (the errors each page is sent back with in the normal course, one spelling of
 * each query), so nobody can push everyone's pages out of the cache by asking for a hundred error variants; a rarer
 * error renders per request. Never for a browser holding a portal session (the pages then depend on who it
 * is), never for Next's client-side navigations (RSC requests, prefetches) or server actions, never for an unknown
 * query.
 */
export type CacheableRequest = { proto: "http" | "https" } & (
  | { page: "sign-in"; query: "" | "?signed_out=1" }
  | { page: "check-email"; query: string; params: CheckEmailQuery }
  | { page: "link"; base: "/l" | "/s"; token: string; query: string; error?: string }
);

/** The errors the code form and a link's Continue send their page back with in the normal course. */
const CHECK_EMAIL_ERRORS = new Set(["CODE_WRONG", "CODE_EXPIRED_OR_EXHAUSTED", "RATE_LIMITED", "SIGN_IN_PENDING_EXPIRED"]);
const LINK_ERRORS = new Set(["LINK_INVALID", "LINK_EXPIRED", "LINK_SUPERSEDED", "ACCESS_REVOKED", "RATE_LIMITED"]);

export function cacheablePage(req: { method: string; path: string; search: URLSearchParams; headers: Headers }): CacheableRequest | null {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const h = req.headers;
  if (h.has("rsc") || h.has("next-action") || h.has("next-router-prefetch") || h.has("next-router-state-tree")) return null;
  if (/(^|;\s*)(__Host-)?portal_session=/.test(h.get("cookie") ?? "")) return null;
  // http and https render the same today; kept apart so a page that one day shows its scheme cannot cross over.
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https" ? "https" : "http";
  const q = [...req.search.entries()];
  const only = (name: string) => (q.length === 1 && q[0][0] === name ? q[0][1] : null);
  if (req.path === "/sign-in") {
    if (q.length === 0) return { proto, page: "sign-in", query: "" };
    return only("signed_out") === "1" ? { proto, page: "sign-in", query: "?signed_out=1" } : null;
  }
  if (req.path === "/sign-in/check-email") {
    if (q.length === 0) return { proto, page: "check-email", query: "", params: {} };
    if (only("fresh") === "1") return { proto, page: "check-email", query: "?fresh=1", params: { fresh: "1" } };
    if (only("wait") === "1") return { proto, page: "check-email", query: "?wait=1", params: { wait: "1" } };
    const error = only("error");
    return error && CHECK_EMAIL_ERRORS.has(error) ? { proto, page: "check-email", query: `?error=${error}`, params: { error } } : null;
  }
  const link = /^\/([ls])\/([^/]+)$/.exec(req.path);
  if (link && isLinkToken(link[2])) {
    const base = link[1] === "l" ? "/l" : "/s";
    if (q.length === 0) return { proto, page: "link", base, token: link[2], query: "" };
    const error = only("error");
    return error && LINK_ERRORS.has(error) ? { proto, page: "link", base, token: link[2], query: `?error=${error}`, error } : null;
  }
  return null;
}

/**
 * A cacheable request as the cache keys and renders it: `key` names the page and its query, `shape` (when the page
 * has one) what the page shows, `values` this request's own, and `path` what this instance renders for the cache.
 */
export type PageVariant = {
  key: string;
  proto: "http" | "https";
  path: string | ((values: Record<string, string>) => string);
  shape?: unknown;
  values?: Record<string, string>;
};

/** Reads what the page's shape depends on (the pending sign-in and its wait, or the link's state): one query. */
export async function pageVariant(c: CacheableRequest, p: { workspaceId: string; headers: Headers }): Promise<PageVariant> {
  if (c.page === "sign-in") return { key: `${c.proto} /sign-in${c.query}`, proto: c.proto, path: `/sign-in${c.query}` };
  if (c.page === "check-email") {
    const pending = pendingSignInFrom(p.headers, p.workspaceId);
    const state = await checkEmailState(getDb(), { workspaceId: p.workspaceId, pending, query: c.params });
    const path = `/sign-in/check-email${c.query}`;
    return { key: `${c.proto} ${path}`, proto: c.proto, path, shape: state.shape, values: state.values };
  }
  const state = await linkLandingState(getDb(), { workspaceId: p.workspaceId, token: c.token, error: c.error });
  return { key: `${c.proto} ${c.base}${c.query}`, proto: c.proto, path: (v) => `${c.base}/${v.token}${c.query}`, shape: state.shape, values: state.values };
}
