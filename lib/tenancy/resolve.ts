import "server-only";
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { LRUCache } from "lru-cache";
import { getDb } from "@/lib/db";
import { domains, workspaces } from "@/lib/db/schema";
import { SERVED_STATUSES } from "@/lib/domains/status";
import type { HostKind } from "./host";

/** `redirectTo`: the host is a www/apex companion whose visitors go to its partner's hostname. */
type Hit = { id: string; slug: string; redirectTo?: string } | null;
// Hits live a minute, misses 15 s, so a new workspace or domain shows up quickly without a lookup per request.
// On globalThis: Next bundles the proxy, route handlers and server actions separately, each with its own copy of this
// module, and a domain change made by one (a server action) must clear the cache the others (the proxy) read.
const g = globalThis as unknown as { __hostCache?: LRUCache<string, { v: Hit }> };
const cache = (g.__hostCache ??= new LRUCache<string, { v: Hit }>({ max: 10_000, ttl: 60_000 }));
const MISS_TTL = 15_000;
const partner = alias(domains, "partner");

/** The workspace a portal host belongs to, or null; cached in-process. */
export async function resolveWorkspace(host: Exclude<HostKind, { kind: "app" } | { kind: "unknown" }>): Promise<Hit> {
  const key = host.kind === "subdomain" ? `s:${host.slug}` : `c:${host.hostname}`;
  const cached = cache.get(key);
  if (cached) return cached.v;
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
  cache.set(key, { v }, v ? undefined : { ttl: MISS_TTL });
  return v;
}

/** Called when domains or slugs change, so routing never serves a stale tenant. */
export function clearHostCache() {
  cache.clear();
}
