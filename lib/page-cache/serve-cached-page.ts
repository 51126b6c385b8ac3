import "server-only";
import { NextResponse } from "next/server";
import type { PageVariant } from "./cacheable-page";
import { cachedPage, pageCacheEnabled } from "./page-store";
import { ownOrigin, renderPage } from "./render-page";
import { fillPage } from "./slots";

/** Whether this instance answers cacheable pages from its cache at all (off in development and with PAGE_CACHE_MB=0). */
export function pageCacheActive(): boolean {
  return !!ownOrigin() && pageCacheEnabled() && process.env.NODE_ENV !== "development";
}

/**
 * The answer to a cacheable portal page (lib/page-cache/cacheable-page.ts) from this instance's cache, rendered once
 * per workspace and variant, with this response's own nonce and values in place of the placeholders; or null (render
 * as usual) when the cache is off or the page could not be rendered or filled for it. proxy.ts has already resolved
 * the host to the workspace and applied geoblocking, so a cached page is only ever served where a rendered one would be.
 */
export async function serveCachedPage(p: { workspaceId: string; variant: PageVariant; host: string; method: string; nonce: string }): Promise<NextResponse | null> {
  const origin = ownOrigin();
  if (!origin || !pageCacheActive()) return null;
  const { key, proto, path, shape, values } = p.variant;
  const view = shape === undefined ? undefined : { shape, slots: Object.keys(values ?? {}) };
  const page = await cachedPage(p.workspaceId, `${key} ${view ? JSON.stringify(view) : ""}`, () =>
    renderPage({ origin, host: p.host, path, proto, workspaceId: p.workspaceId, view }),
  );
  if (!page) return null;
  const body = fillPage(page.segments, p.nonce, values ?? {});
  if (body === null) return null;
  const headers = new Headers(page.headers);
  headers.set("x-page-cache", "cached");
  return new NextResponse(p.method === "HEAD" ? null : body, { status: page.status, headers });
}
