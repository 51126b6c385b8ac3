// `npm run bench`, hosts part: host resolution at scale, in-process (no HTTP). 10,000 workspaces and 5,000 active
// custom domains; every host looked up once with an empty cache (cold: one query each), then again and again with
// the cache full (warm), per lookup (classifyHost + resolveWorkspace) in µs. Reports the memory the full cache
// holds (measured heap, after a GC, with the cache full minus with it cleared) against its bound, shows a flood of
// unknown hosts cannot evict a serving workspace, and times proxy() itself per request (routing, geo policy, CSP
// nonce), the proxy's own cost without the HTTP server around it.
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import type { Db } from "@/lib/db/client";
import { classifyHost } from "@/lib/tenancy/host";
import { clearHostCache, hostCacheStats, resolveWorkspace } from "@/lib/tenancy/resolve";

const WORKSPACES = Number(process.env.BENCH_WORKSPACES ?? 10_000);
const DOMAINS = Number(process.env.BENCH_DOMAINS ?? 5_000);
const WARM_PASSES = 5;
const FLOOD = Number(process.env.BENCH_FLOOD ?? 50_000);
const APP_URL = "https://app.portals.bench";
const ROOT = "portals.bench";
const CACHE_BOUND_MB = 8; // HIT_BYTES in lib/tenancy/resolve.ts, the bound the estimate is held to

type Open = () => Promise<{ db: Db; kind: "pglite" | "postgres"; close: () => Promise<void> }>;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

function pct(samples: number[], p: number) {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

async function lookup(raw: string) {
  const h = classifyHost(raw, APP_URL, ROOT);
  if (h.kind !== "subdomain" && h.kind !== "custom") throw new Error(`${raw} is not a portal host`);
  return resolveWorkspace(h);
}

/** Each lookup timed alone (µs); throws if any host resolves to nobody when it should. */
async function pass(hosts: string[], expectHit = true) {
  const us: number[] = [];
  for (const h of hosts) {
    const t = performance.now();
    const v = await lookup(h);
    us.push((performance.now() - t) * 1000);
    if (expectHit && !v) throw new Error(`${h} did not resolve`);
  }
  return us;
}

export async function hostsBench(open: Open) {
  Object.assign(process.env, { APP_URL, PORTAL_ROOT_DOMAIN: ROOT });
  const { db, kind, close } = await open();
  // What resolveWorkspace and proxy() read through getDb(); only the Drizzle handle, so no change listener starts.
  (globalThis as unknown as { __portalDb?: { db: Db } }).__portalDb = { db };
  try {
    console.log(`\nSeeding ${WORKSPACES.toLocaleString()} workspaces and ${DOMAINS.toLocaleString()} active custom domains (${kind})…`);
    await db.execute(sql`insert into workspaces (slug, name, country)
      select 'client-' || lpad(i::text, 5, '0'), 'Client ' || i, 'IN' from generate_series(1, ${WORKSPACES}) as i`);
    await db.execute(sql`insert into domains (workspace_id, hostname, kind, verification_token, status, is_primary)
      select w.id, 'portal.' || w.slug || '.example', 'subdomain', md5(w.slug), 'active', true
      from (select id, slug from workspaces where slug like 'client-%' order by slug limit ${DOMAINS}) as w`);
    await db.execute(sql`analyze workspaces`);
    await db.execute(sql`analyze domains`);
    const slugs = Array.from({ length: WORKSPACES }, (_, i) => `client-${String(i + 1).padStart(5, "0")}`);
    const hosts = [...slugs.map((s) => `${s}.${ROOT}`), ...slugs.slice(0, DOMAINS).map((s) => `portal.${s}.example`)];
    for (let i = hosts.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [hosts[i], hosts[j]] = [hosts[j], hosts[i]];
    }

    await pass(hosts.slice(0, 200)); // warm the driver, the query plans and the JIT
    clearHostCache();
    const empty = heap();
    const cold = await pass(hosts);
    const full = heap();
    const stats = hostCacheStats();
    clearHostCache();
    const cleared = heap();
    await pass(hosts); // fill it again for the warm passes
    const warm: number[] = [];
    for (let i = 0; i < WARM_PASSES; i++) warm.push(...(await pass(hosts)));

    // A flood of hostnames nobody serves (anyone can send any Host) lands among the misses, never evicting a hit.
    for (let i = 0; i < FLOOD; i++) await lookup(`x${i}-${"q".repeat(40)}.attacker.example`).then((v) => v && Promise.reject(new Error("served junk")));
    const afterFlood = hostCacheStats();

    // proxy() per request, warm: host routing, the geo policy, the CSP nonce and the rewrite it answers with.
    const { proxy } = await import("../proxy");
    const reqs = hosts.slice(0, 2000).map((h) => new NextRequest(`http://${h}/sign-in`, { headers: { host: h } }));
    for (const r of reqs) await proxy(r);
    const proxyUs: number[] = [];
    for (let i = 0; i < WARM_PASSES; i++) {
      for (const r of reqs) {
        const t = performance.now();
        const res = await proxy(r);
        proxyUs.push((performance.now() - t) * 1000);
        if (!res.headers.get("x-middleware-rewrite")) throw new Error(`proxy did not rewrite ${r.headers.get("host")}`);
      }
    }

    const mb = (b: number) => (b / 1024 / 1024).toFixed(2);
    const row = (label: string, s: number[]) =>
      console.log(`  ${label.padEnd(34)} ${pct(s, 0.5).toFixed(1).padStart(8)} ${pct(s, 0.99).toFixed(1).padStart(8)} ${s.length.toLocaleString().padStart(9)}`);
    console.log(`Host resolution, ${WORKSPACES.toLocaleString()} workspaces + ${DOMAINS.toLocaleString()} custom domains, ${kind}, in-process (µs per lookup)\n`);
    console.log(`  ${"".padEnd(34)} ${"p50".padStart(8)} ${"p99".padStart(8)} ${"lookups".padStart(9)}`);
    row("cold (empty cache, one query each)", cold);
    row(`warm (cache full, ${WARM_PASSES} passes)`, warm);
    row("proxy() per request, warm", proxyUs);
    console.log(`\n  cache full: ${stats.hits.toLocaleString()} hosts, ${mb(full - cleared)} MB measured heap (${mb(full - empty)} MB vs. before the cold pass), ${mb(stats.bytes)} MB estimated; bound ${CACHE_BOUND_MB} MB`);
    console.log(`  after ${FLOOD.toLocaleString()} unknown hosts: ${afterFlood.hits.toLocaleString()} hosts still cached, ${afterFlood.misses.toLocaleString()} misses, ${mb(afterFlood.bytes)} MB estimated in all`);
    const ok = stats.hits === hosts.length && afterFlood.hits === hosts.length && full - cleared < CACHE_BOUND_MB * 1024 * 1024;
    console.log(`  every host cached, none evicted by the flood, measured heap under the bound: ${ok ? "yes" : "NO"}`);
    if (!ok) process.exitCode = 1;
  } finally {
    (globalThis as unknown as { __portalDb?: unknown }).__portalDb = undefined;
    await close();
  }
}
