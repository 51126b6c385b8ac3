import "server-only";
import { LRUCache } from "lru-cache";
import { onChange } from "@/lib/changes";
import type { Segment } from "./slots";

/**
 * Rendered portal pages that depend on nothing but their workspace and a shape (e.g. "check your phone, wrong code"),
 * kept per instance, cut at the placeholder nonce and the per-request values' placeholders they were rendered with, so
 * each answer gets a fresh nonce and its own values (lib/page-cache/serve-cached-page.ts, slots.ts).
 *
 * Invalidation is by generation, not by timer: a change to what such a page shows (branding, name, sign-in settings,
 * domains) bumps the workspace's generation (lib/changes tells every instance), which is part of every key, so the
 * old entries are never read again and age out of the LRU. A render that began before the bump is not stored.
 */
export type CachedPage = { segments: Segment[]; status: number; headers: [string, string][] };

const MB = Number(process.env.PAGE_CACHE_MB ?? 64);
type Store = {
  pages: LRUCache<string, CachedPage>;
  generations: Map<string, number>;
  epoch: number;
  filling: Map<string, Promise<CachedPage | null>>;
  subscribed?: boolean;
};
// On globalThis: the proxy and the route handlers that publish changes are bundled separately (see lib/tenancy/resolve.ts).
const g = globalThis as unknown as { __pageStore?: Store };
const store: Store = (g.__pageStore ??= {
  // Bounded by bytes (UTF-16 in memory: twice the characters), not entries: 10,000 workspaces × a few variants of a
  // ~30 KB page would otherwise grow without limit; the least recently used go first.
  // The TTL is only a safety net, for an instance whose LISTEN connection died without it noticing (lib/changes).
  pages: new LRUCache<string, CachedPage>({
    maxSize: Math.max(1, MB) * 1024 * 1024,
    sizeCalculation: (p) => Math.max(1, 2 * p.segments.reduce((n, s) => n + (typeof s === "string" ? s.length : 16), 0)),
    ttl: 5 * 60_000,
  }),
  generations: new Map(),
  epoch: 0,
  filling: new Map(),
});

export const pageCacheEnabled = () => MB > 0;

function keyOf(workspaceId: string, variant: string) {
  return `${store.epoch}:${workspaceId}:${store.generations.get(workspaceId) ?? 0}:${variant}`;
}

/**
 * The cached page, or the one `render` produces (stored if nothing changed meanwhile). Concurrent misses for one key
 * share one render. `render` answering null (not cacheable this time) is not remembered.
 */
export async function cachedPage(workspaceId: string, variant: string, render: () => Promise<CachedPage | null>): Promise<CachedPage | null> {
  subscribeOnce();
  const key = keyOf(workspaceId, variant);
  const hit = store.pages.get(key);
  if (hit) return hit;
  let pending = store.filling.get(key);
  if (!pending) {
    pending = render()
      .then((page) => {
        if (page && keyOf(workspaceId, variant) === key) store.pages.set(key, page);
        return page;
      })
      .finally(() => store.filling.delete(key));
    store.filling.set(key, pending);
  }
  return pending;
}

/** What a workspace's cached pages show has changed: none of them is served again. */
export function invalidateWorkspacePages(workspaceId: string) {
  store.generations.set(workspaceId, (store.generations.get(workspaceId) ?? 0) + 1);
}

/** Anything may have changed (e.g. this instance missed notifications while its listener reconnected). */
export function clearPageCache() {
  store.epoch++;
  store.generations.clear();
  store.pages.clear();
}

/**
 * Changes from this instance (published in the writer's transaction) and from every other one (after their commit).
 * A change delivered before its commit could let a render in between store the old page under the new generation:
 * the same change comes back through LISTEN after the commit and bumps the generation again.
 */
function subscribeOnce() {
  if (store.subscribed) return;
  store.subscribed = true;
  onChange((c) => {
    if (c.kind === "workspace") invalidateWorkspacePages(c.workspaceId);
    else if (c.kind === "all") clearPageCache();
    // "hosts" and "geo" come with a "workspace" change where a page shows them, and the proxy checks both per request.
  });
}

export function pageCacheStats() {
  return { entries: store.pages.size, bytes: store.pages.calculatedSize };
}
