// Geoblocking: the client's country from a trusted proxy header (only when GEO_COUNTRY_HEADER names one) or from the
// offline IP database, the per-workspace decision, and proxy.ts answering a blocked client with the blocked page (403)
// or an API 403, audited once per IP per hour. Real database, the real mmdb file from node_modules.
import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { auditEvents } from "@/lib/db/schema";
import { requestCountry, ipCountry, headerCountry, geoSource } from "@/lib/security/geo";
import { clearGeoPolicyCache, geoAuditsSettled, geoBlocked, resetGeoAuditThrottle } from "@/lib/security/geo-block";
import { updateClientCentreSettings } from "@/lib/workspaces/update-client-centre-settings";
import { proxy } from "@/proxy";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
useAppTestDb((db) => void (t = db));

// Pinned from the database itself (first run, then checked against the registries' allocations): ERNET India,
// Strato (Berlin), Hetzner's IPv6 block, Reliance Jio's IPv6 block.
const INDIA_V4 = "14.139.0.1";
const GERMANY_V4 = "81.169.145.1";
const GERMANY_V6 = "2a01:4f8::1";
const INDIA_V6 = "2405:200::1";

const env = { header: process.env.GEO_COUNTRY_HEADER, lookup: process.env.GEO_LOOKUP };
beforeEach(() => {
  delete process.env.GEO_COUNTRY_HEADER;
  delete process.env.GEO_LOOKUP;
  resetGeoAuditThrottle();
  clearGeoPolicyCache();
});
afterEach(() => {
  if (env.header === undefined) delete process.env.GEO_COUNTRY_HEADER;
  else process.env.GEO_COUNTRY_HEADER = env.header;
  if (env.lookup === undefined) delete process.env.GEO_LOOKUP;
  else process.env.GEO_LOOKUP = env.lookup;
});

const hdrs = (ip: string | null, extra: Record<string, string> = {}) => new Headers({ ...(ip ? { "x-forwarded-for": ip } : {}), ...extra });

async function policy(ctx: AdminCtx, blocked: string[], unknown: "allow" | "block" = "allow") {
  await updateClientCentreSettings(ctx, { twoFactorIdleMinutes: 15, geoBlockedCountries: blocked, geoUnknownCountry: unknown, smsCountries: ["IN"] });
}

describe("the country of a request", () => {
  test("offline database: pinned IPv4 and IPv6 addresses, and private, loopback and junk addresses are unknown", () => {
    expect(ipCountry(INDIA_V4)).toBe("IN");
    expect(ipCountry(GERMANY_V4)).toBe("DE");
    expect(ipCountry(GERMANY_V6)).toBe("DE");
    expect(ipCountry(INDIA_V6)).toBe("IN");
    expect(ipCountry(`::ffff:${GERMANY_V4}`)).toBe("DE"); // an IPv4 client on a dual-stack socket
    for (const ip of ["10.1.2.3", "192.168.0.10", "172.20.0.1", "127.0.0.1", "100.64.1.1", "169.254.1.1", "::1", "fd00::1", "fe80::1", "::", "999.1.1.1", "not-an-ip", ""]) {
      expect(ipCountry(ip), ip).toBeNull();
    }
    expect(geoSource()).toMatchObject({ kind: "database", version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  test("without GEO_COUNTRY_HEADER a client's cf-ipcountry / x-vercel-ip-country is ignored: the IP decides", () => {
    const spoofed = { "cf-ipcountry": "XX-blocked", "x-vercel-ip-country": "US" };
    expect(requestCountry(hdrs(GERMANY_V4, spoofed))).toBe("DE");
    expect(requestCountry(hdrs(INDIA_V4, { "cf-ipcountry": "DE" }))).toBe("IN");
    expect(requestCountry(hdrs("10.0.0.5", { "cf-ipcountry": "IN" }))).toBeNull();
  });

  test("a missing database file: every country unknown, said once in the log, never an error", () => {
    const g = globalThis as unknown as { __geoDb?: unknown; __geoPkg?: unknown };
    const saved = { db: g.__geoDb, pkg: g.__geoPkg };
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      g.__geoDb = undefined;
      g.__geoPkg = { dir: "/nonexistent/geo-db", version: null };
      expect(ipCountry(GERMANY_V4)).toBeNull();
      expect(ipCountry(INDIA_V4)).toBeNull();
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0][0])).toContain("could not be loaded");
    } finally {
      log.mockRestore();
      g.__geoDb = saved.db;
      g.__geoPkg = saved.pkg;
    }
    expect(ipCountry(GERMANY_V4)).toBe("DE");
  });

  test("GEO_LOOKUP=off: no database lookup, every country unknown", () => {
    process.env.GEO_LOOKUP = "off";
    expect(requestCountry(hdrs(GERMANY_V4))).toBeNull();
    expect(geoSource()).toEqual({ kind: "off" });
  });

  test("with GEO_COUNTRY_HEADER only that header counts, not the IP and not another header", () => {
    process.env.GEO_COUNTRY_HEADER = "CF-IPCountry";
    expect(requestCountry(hdrs(GERMANY_V4, { "cf-ipcountry": "in" }))).toBe("IN");
    expect(requestCountry(hdrs(GERMANY_V4))).toBeNull(); // header absent: unknown, not the IP's DE
    expect(requestCountry(hdrs(GERMANY_V4, { "x-vercel-ip-country": "DE" }))).toBeNull();
    expect(geoSource()).toEqual({ kind: "header", header: "cf-ipcountry" });
    for (const v of ["XX", "T1", "", "DEU", "1A", "D"]) expect(headerCountry(v), v).toBeNull();
  });

  test("the decision: a listed country is blocked; unknown follows the workspace's choice", () => {
    expect(geoBlocked("DE", { blocked: ["DE"], unknown: "allow" })).toBe(true);
    expect(geoBlocked("IN", { blocked: ["DE"], unknown: "block" })).toBe(false);
    expect(geoBlocked(null, { blocked: ["DE"], unknown: "allow" })).toBe(false);
    expect(geoBlocked(null, { blocked: [], unknown: "block" })).toBe(true);
  });
});

describe("proxy.ts on a portal host", () => {
  const portal = (ctx: AdminCtx, path: string, h: Record<string, string> = {}, method = "GET") =>
    proxy(new NextRequest(`http://${ctx.workspace.slug}.localhost:3000${path}`, { method, headers: { host: `${ctx.workspace.slug}.localhost:3000`, ...h }, ...(method === "POST" ? { body: "[]" } : {}) }));
  const blockedRows = (ctx: AdminCtx) =>
    t.db.select().from(auditEvents).where(and(eq(auditEvents.workspaceId, ctx.workspace.id), eq(auditEvents.action, "portal.geo_blocked")));

  test("header configured: a blocked country gets the blocked page (403) and the API a 403; an allowed one the portal", async () => {
    process.env.GEO_COUNTRY_HEADER = "cf-ipcountry";
    const ctx = await makeWorkspace(t.db);
    await policy(ctx, ["DE"]);

    const page = await portal(ctx, "/sign-in", { "cf-ipcountry": "DE", "x-forwarded-for": "203.0.113.7" });
    expect(page.status).toBe(403);
    expect(page.headers.get("x-middleware-rewrite")).toContain(`/portal/${ctx.workspace.id}/blocked`);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");

    const api = await portal(ctx, "/api/portal/sign-in", { "cf-ipcountry": "DE", "x-forwarded-for": "203.0.113.7" }, "POST");
    expect(api.status).toBe(403);
    expect(api.headers.get("x-middleware-rewrite")).toBeNull();
    expect(await api.json()).toEqual({ error: { code: "GEO_BLOCKED", message: "This portal cannot be opened from your current location." } });

    // A form post (a server action) from a blocked client lands on the blocked page, never in the action.
    const action = await portal(ctx, "/sign-in", { "cf-ipcountry": "DE", "next-action": "abc123", origin: `http://${ctx.workspace.slug}.localhost:3000`, "content-type": "text/plain" }, "POST");
    expect(action.status).toBe(403);
    expect(action.headers.get("x-middleware-rewrite")).toContain("/blocked");
    expect(action.headers.get("x-middleware-override-headers")?.split(",")).not.toContain("next-action");

    const ok = await portal(ctx, "/sign-in", { "cf-ipcountry": "IN" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-middleware-rewrite")).toContain(`/portal/${ctx.workspace.id}/sign-in`);
    // The blocked page is never a page of its own: an allowed client asking for it gets a 404.
    expect((await portal(ctx, "/blocked", { "cf-ipcountry": "IN" })).status).toBe(404);

    // Header absent: the unknown-country setting decides.
    expect((await portal(ctx, "/", {})).status).toBe(200);
    await policy(ctx, ["DE"], "block");
    const unknown = await portal(ctx, "/", { "x-forwarded-for": "203.0.113.8" });
    expect(unknown.status).toBe(403);
    expect(unknown.headers.get("x-middleware-rewrite")).toContain("/blocked");
  });

  test("no header configured: a spoofed cf-ipcountry is ignored and the offline database decides", async () => {
    const ctx = await makeWorkspace(t.db);
    await policy(ctx, ["DE"]);
    const fromIndia = await portal(ctx, "/sign-in", { "x-forwarded-for": INDIA_V4, "cf-ipcountry": "DE" });
    expect(fromIndia.status).toBe(200);
    const fromGermany = await portal(ctx, "/sign-in", { "x-forwarded-for": GERMANY_V4, "cf-ipcountry": "XX-blocked" });
    expect(fromGermany.status).toBe(403);
    expect((await portal(ctx, "/sign-in", { "x-forwarded-for": GERMANY_V6, "cf-ipcountry": "IN" })).status).toBe(403);
    // A private address has no country: allowed by default, blocked when unknown countries are.
    expect((await portal(ctx, "/sign-in", { "x-forwarded-for": "192.168.1.20" })).status).toBe(200);
    await policy(ctx, ["DE"], "block");
    expect((await portal(ctx, "/sign-in", { "x-forwarded-for": "192.168.1.20" })).status).toBe(403);
    // Another workspace's policy is its own.
    const other = await makeWorkspace(t.db);
    expect((await portal(other, "/sign-in", { "x-forwarded-for": GERMANY_V4 })).status).toBe(200);
  });

  test("a block is audited once per IP per workspace per hour, with the country, the path and the IP", async () => {
    const ctx = await makeWorkspace(t.db);
    await policy(ctx, ["DE"]);
    for (const path of ["/", "/sign-in", "/api/portal/resend", "/"]) await portal(ctx, path, { "x-forwarded-for": GERMANY_V4 }, path.startsWith("/api") ? "POST" : "GET");
    await geoAuditsSettled();
    const rows = await blockedRows(ctx);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorUserId: null, actorEmail: null, ip: GERMANY_V4, data: { country: "DE", path: "/" } });
    expect(rows[0].summary).toBe("Portal request from DE blocked: /");

    // Another IP is another row; the same IP at another workspace is that workspace's row.
    await portal(ctx, "/", { "x-forwarded-for": "85.214.0.1" });
    const other = await makeWorkspace(t.db);
    await policy(other, ["DE"]);
    await portal(other, "/x", { "x-forwarded-for": GERMANY_V4 });
    await geoAuditsSettled();
    expect(await blockedRows(ctx)).toHaveLength(2);
    expect((await blockedRows(other)).map((r) => r.summary)).toEqual(["Portal request from DE blocked: /x"]);
  });

  test("a workspace that blocks nothing is untouched, and a settings save applies at once", async () => {
    const ctx = await makeWorkspace(t.db);
    expect((await portal(ctx, "/", { "x-forwarded-for": GERMANY_V4 })).status).toBe(200);
    await policy(ctx, ["DE", "FR"]);
    expect((await portal(ctx, "/", { "x-forwarded-for": GERMANY_V4 })).status).toBe(403); // cache cleared by the save
    await policy(ctx, []);
    expect((await portal(ctx, "/", { "x-forwarded-for": GERMANY_V4 })).status).toBe(200);
    await geoAuditsSettled();
  });
});
