import "server-only";
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { LRUCache } from "lru-cache";
import { onChange } from "@/lib/changes/on-change";
import { getDb } from "@/lib/db";
import { domains, workspaces } from "@/lib/db/schema";
import { SERVED_STATUSES } from "@/lib/domains/status";
import type { HostKind } from "./host";

/** `redirectTo`: the host is a www/apex companion whose visitors go to its partner's hostname. */
type Hit = { id: string; slug: string; redirectTo?: string } | null;
type Entry = { v: Hit };

// A change to domains or slugs reaches every instance through the change bus ("hosts", lib/changes), which clears
// the cache at once; the TTLs are only a safety net for a notification that never came (hits a minute, misses 15 s).
//
// Bounded by memory, not entries: hits and misses live apart, so a flood of unknown hostnames (anyone can send any
// Host header) churns only the misses and never evicts a serving workspace. Each entry is charged an estimate of
// what V8 holds for it (strings at 2 bytes a character, plus ~200 bytes for the entry object, the LRU's slots and
// the map's bucket); bench/hosts.ts measures the real heap for 10,000 workspaces and 5,000 custom domains (the
// bound we size for: 15,000 hits, ~4.5 MB estimated) so HIT_BYTES leaves room to spare.
const ENTRY_OVERHEAD = 200;
const HIT_BYTES = 8 * 1024 * 1024;
const MISS_BYTES = 2 * 1024 * 1024;
const MISS_TTL = 15_000;
const entryBytes = (e: Entry, key: string) =>
  ENTRY_OVERHEAD + 2 * (key.length + (e.v ? e.v.id.length + e.v.slug.length + (e.v.redirectTo?.length ?? 0) : 0));

// On globalThis: Next bundles the proxy, route handlers and server actions separately, each with its own copy of this
// module, and a domain change made by one (a server action) must clear the cache the others (the proxy) read.
const g = globalThis as unknown as {
  __hostCaches?: { hits: LRUCache<string, Entry>; misses: LRUCache<string, Entry>; subscribed?: boolean; version: number };
};
const caches = (g.__hostCaches ??= {
  version: 0,
  hits: new LRUCache<string, Entry>({ maxSize: HIT_BYTES, sizeCalculation: entryBytes, ttl: 60_000 }),
  misses: new LRUCache<string, Entry>({ maxSize: MISS_BYTES, sizeCalculation: entryBytes, ttl: MISS_TTL }),
});
const partner = alias(domains, "partner");

/** The workspace a portal host belongs to, or null; cached in-process, cleared on every instance by a "hosts" change. */
export async function resolveWorkspace(host: Exclude<HostKind, { kind: "app" } | { kind: "unknown" }>): Promise<Hit> {
  subscribe();
  const key = host.kind === "subdomain" ? `s:${host.slug}` : `c:${host.hostname}`;
  const cached = caches.hits.get(key) ?? caches.misses.get(key);
  if (cached) return cached.v;
  // A lookup that began before a clear must not put its (possibly old) answer back after it.
  const version = caches.version;
  const db = getDb();
  const [row] =
    host.kind === "subdomain"
      ? await db.select({ id: workspaces.id, slug: workspaces.slug }).from(workspaces).where(eq(workspaces.slug, host.slug)).limit(1)
      : await db
          .select({ id: workspaces.id, slug: workspaces.slug, redirectTo: partner.hostname })
          .from(domains)
          .innerJoin(workspaces, eq(workspaces.id, domains.workspaceId))
          .leftJoin(partner, eq(partner.id, domains.redirectToId))
          // A redirect companion is served only while its partner is (check-domain keeps the rows so too).
          .where(and(eq(domains.hostname, host.hostname), inArray(domains.status, [...SERVED_STATUSES]), or(isNull(domains.redirectToId), inArray(partner.status, [...SERVED_STATUSES]))))
          .limit(1);
  const redirectTo = row && "redirectTo" in row ? (row.redirectTo as string | null) : null;
  const v: Hit = row ? { id: row.id, slug: row.slug, ...(redirectTo ? { redirectTo } : {}) } : null;
  if (version === caches.version) {
    (v ? caches.hits : caches.misses).set(key, { v });
    (v ? caches.misses : caches.hits).delete(key);
  }
  return v;
}

/** Drops every cached answer in this process (a "hosts" or "all" change does this on every instance). */
export function clearHostCache() {
  caches.version++;
  caches.hits.clear();
  caches.misses.clear();
}

/** What the cache holds now: entries and estimated bytes (the benchmark reports them beside the measured heap). */
export function hostCacheStats() {
  return { hits: caches.hits.size, misses: caches.misses.size, bytes: caches.hits.calculatedSize + caches.misses.calculatedSize };
}

// Subscribed on first use, not at import: `next build` imports this module and must not open the database.
function subscribe() {
  if (caches.subscribed) return;
  caches.subscribed = true;
  onChange((c) => {
    if (c.kind === "hosts" || c.kind === "all") clearHostCache();
  });
}
