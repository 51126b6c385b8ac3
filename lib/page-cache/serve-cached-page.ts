import "server-only";
import { NextResponse } from "next/server";
import { variantPath } from "./cacheable-page";
import { cachedPage, pageCacheEnabled } from "./page-store";
import { ownOrigin, renderPage } from "./render-page";

/**
 * The answer to a cacheable portal page (lib/page-cache/cacheable-page.ts) from this instance's cache, rendered once
 * per workspace and variant, with this response's own nonce in place of the placeholder; or null (render as usual)
 * when the cache is off or the page could not be rendered for it. proxy.ts has already resolved the host to the
 * workspace and applied geoblocking, so a cached page is only ever served where a rendered one would be.
 */
export async function serveCachedPage(p: { workspaceId: string; variant: string; host: string; method: string; nonce: string }): Promise<NextResponse | null> {
  const origin = ownOrigin();
  if (!origin || !pageCacheEnabled() || process.env.NODE_ENV === "development") return null;
  const proto = p.variant.startsWith("https ") ? "https" : "http";
  const page = await cachedPage(p.workspaceId, p.variant, () => renderPage({ origin, host: p.host, path: variantPath(p.variant), proto, workspaceId: p.workspaceId }));
  if (!page) return null;
  const headers = new Headers(page.headers);
  headers.set("x-page-cache", "cached");
  return new NextResponse(p.method === "HEAD" ? null : page.parts.join(p.nonce), { status: page.status, headers });
}
