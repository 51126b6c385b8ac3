import "server-only";
import { eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { onChange } from "@/lib/changes/on-change";
import { getDb } from "@/lib/db";
import { auditEvents, workspaces } from "@/lib/db/schema";
import { clientIp, ipLimitKey } from "@/lib/request-ip";
import { requestCountry } from "./geo";

export type GeoPolicy = { blocked: readonly string[]; unknown: "allow" | "block" };
export type GeoDecision = { blocked: boolean; country: string | null };

/** Pure: whether a country (null: unknown) may open a workspace's portal under its policy. */
export function geoBlocked(country: string | null, policy: GeoPolicy): boolean {
  if (!country) return policy.unknown === "block";
  return policy.blocked.includes(country);
}

// The policy is read on every portal request, so it is cached in-process. Saving the settings publishes a "geo"
// change (lib/changes), which drops the workspace's policy on every instance at once; the minute's TTL is only a
// safety net for a notification that never came. On globalThis: the proxy and the server actions are bundled
// separately, each with its own copy of this module.
const g = globalThis as unknown as {
  __geoPolicies?: { policies: LRUCache<string, GeoPolicy>; subscribed?: boolean; version: number };
  __geoAudited?: LRUCache<string, true>;
  __geoAuditWrites?: Set<Promise<unknown>>;
};
const geo = (g.__geoPolicies ??= { policies: new LRUCache<string, GeoPolicy>({ max: 10_000, ttl: 60_000 }), version: 0 });
const policies = geo.policies;

export async function geoPolicy(workspaceId: string): Promise<GeoPolicy> {
  subscribe();
  const hit = policies.get(workspaceId);
  if (hit) return hit;
  // A read that began before a change must not put the old policy back after the change dropped it.
  const version = geo.version;
  const [row] = await getDb().select({ s: workspaces.securitySettings }).from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  const p: GeoPolicy = { blocked: row?.s.geoBlockedCountries ?? [], unknown: row?.s.geoUnknownCountry === "block" ? "block" : "allow" };
  if (version === geo.version) policies.set(workspaceId, p);
  return p;
}

/** Drops one workspace's cached policy, or all of them, in this process (tests; changes do it on every instance). */
export function clearGeoPolicyCache(workspaceId?: string) {
  geo.version++;
  if (workspaceId) policies.delete(workspaceId);
  else policies.clear();
}

// Subscribed on first use, not at import: `next build` imports this module and must not open the database.
function subscribe() {
  if (geo.subscribed) return;
  geo.subscribed = true;
  onChange((c) => {
    if (c.kind === "geo") clearGeoPolicyCache(c.workspaceId);
    else if (c.kind === "all") clearGeoPolicyCache();
  });
}

/**
 * The decision for one portal request. A workspace that blocks nothing and allows unknown countries costs no lookup.
 * A block is audited (see auditGeoBlock).
 */
export async function geoDecision(workspaceId: string, h: Headers, path: string): Promise<GeoDecision> {
  const policy = await geoPolicy(workspaceId);
  if (policy.blocked.length === 0 && policy.unknown === "allow") return { blocked: false, country: null };
  const country = requestCountry(h);
  const blocked = geoBlocked(country, policy);
  if (blocked) auditGeoBlock(workspaceId, h, country, path);
  return { blocked, country };
}

// At most one audit row per IP (an IPv6 /64) per workspace per hour, so a blocked client reloading, or a bot
// hammering, cannot flood the log. In memory per instance: with several instances a blocked IP may be logged once
// per instance per hour, which is still bounded; after a restart the hour starts again.
const audited = (g.__geoAudited ??= new LRUCache<string, true>({ max: 50_000, ttl: 60 * 60_000 }));
const writes = (g.__geoAuditWrites ??= new Set());

/** Writes the audit row without holding up the response: the 403 goes out while the insert runs. */
function auditGeoBlock(workspaceId: string, h: Headers, country: string | null, path: string) {
  const ip = clientIp(h);
  const key = `${workspaceId}:${ipLimitKey(ip)}`;
  if (audited.has(key)) return;
  audited.set(key, true);
  const where = country ?? "an unknown country";
  const w: Promise<unknown> = getDb()
    .insert(auditEvents)
    .values({
      workspaceId,
      action: "portal.geo_blocked",
      targetType: "portal",
      summary: `Portal request from ${where} blocked: ${path.slice(0, 200)}`,
      data: { country, path: path.slice(0, 500) },
      ip,
      userAgent: h.get("user-agent")?.slice(0, 500) ?? null,
    })
    .catch((e: unknown) => console.error("[geo] could not audit a geoblocked request:", (e as Error).message))
    .finally(() => writes.delete(w));
  writes.add(w);
}

/** Resolves once every audit write started so far has finished (tests, and a graceful shutdown). */
export async function geoAuditsSettled() {
  await Promise.all([...writes]);
}

/** Forgets which IPs were audited this hour (tests). */
export function resetGeoAuditThrottle() {
  audited.clear();
}
