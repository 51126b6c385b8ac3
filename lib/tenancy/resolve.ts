import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb } from "@/lib/db";
import { domains, workspaces } from "@/lib/db/schema";
import { SERVED_STATUSES } from "@/lib/domains/status";
import type { HostKind } from "./host";

type Hit = { id: string; slug: string } | null;
// Hits live a minute, misses 15 s, so a new workspace or domain shows up quickly without a lookup per request.
const cache = new LRUCache<string, { v: Hit }>({ max: 10_000, ttl: 60_000 });
const MISS_TTL = 15_000;

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
          .select({ id: workspaces.id, slug: workspaces.slug })
          .from(domains)
          .innerJoin(workspaces, eq(workspaces.id, domains.workspaceId))
          .where(and(eq(domains.hostname, host.hostname), inArray(domains.status, [...SERVED_STATUSES])))
          .limit(1);
  const v = row ?? null;
  cache.set(key, { v }, v ? undefined : { ttl: MISS_TTL });
  return v;
}

/** Called when domains or slugs change, so routing never serves a stale tenant. */
export function clearHostCache() {
  cache.clear();
}
