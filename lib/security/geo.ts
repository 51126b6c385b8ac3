import "server-only";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Reader, type CountryResponse } from "mmdb-lib";
import { clientIp } from "@/lib/request-ip";

/**
 * The country a request comes from: an ISO 3166-1 alpha-2 code, or null when it cannot be told.
 *
 * (a) GEO_COUNTRY_HEADER names a header a trusted proxy sets (`cf-ipcountry`, `x-vercel-ip-country`): that header
 *     alone decides. Without the setting no such header is read at all: a client can send any of them.
 * (b) Otherwise the client IP (lib/request-ip.ts: the socket unless TRUSTED_PROXIES) is looked up in the offline,
 *     CC0 `@ip-location-db/geo-whois-asn-country-mmdb` database shipped in node_modules. GEO_LOOKUP=off disables it.
 */
export function requestCountry(h: Headers): string | null {
  const header = process.env.GEO_COUNTRY_HEADER?.trim().toLowerCase();
  if (header) return headerCountry(h.get(header));
  if (process.env.GEO_LOOKUP === "off") return null;
  return ipCountry(clientIp(h));
}

/** Where the country comes from as deployed, in words for the settings page. */
export function geoSource(): { kind: "header"; header: string } | { kind: "database"; version: string | null } | { kind: "off" } {
  const header = process.env.GEO_COUNTRY_HEADER?.trim().toLowerCase();
  if (header) return { kind: "header", header };
  if (process.env.GEO_LOOKUP === "off") return { kind: "off" };
  return { kind: "database", version: databaseVersion() };
}

/** A proxy's country header: two letters; Cloudflare's XX (unknown) and T1 (Tor) and anything else are unknown. */
export function headerCountry(v: string | null): string | null {
  const c = v?.trim().toUpperCase() ?? "";
  return /^[A-Z]{2}$/.test(c) && c !== "XX" && c !== "T1" ? c : null;
}

/** The country of an IP from the offline database; loopback, private and malformed addresses are unknown. */
export function ipCountry(ip: string | null): string | null {
  if (!ip) return null;
  const addr = unmap(ip.trim());
  if (!isPublic(addr)) return null;
  const reader = database();
  if (!reader) return null;
  try {
    const rec = reader.get(addr);
    return headerCountry(rec?.country_code ?? null);
  } catch {
    return null; // not an address mmdb-lib can parse
  }
}

const unmap = (ip: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip.replace(/^\[|\]$/g, "").replace(/%.*$/, "");

/** Addresses that say nothing about where a client is (RFC 1918, loopback, link-local, CGNAT, ULA, unspecified). */
function isPublic(ip: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (v4.slice(1).some((o) => Number(o) > 255)) return false;
    return !(a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224);
  }
  if (!ip.includes(":") || !/^[0-9a-f:.]+$/i.test(ip)) return false;
  const l = ip.toLowerCase();
  return !(l === "::" || l === "::1" || /^f[cd]/.test(l) || /^fe[89ab]/.test(l) || /^ff/.test(l));
}

type Rec = CountryResponse & { country_code?: string };
const PKG = "@ip-location-db/geo-whois-asn-country-mmdb";
// Once per process, lazily: the combined file is ~8 MB and most instances behind a header proxy never need it. On
// globalThis because Next bundles the proxy and the route handlers separately, each with its own copy of this module.
// proxy.ts runs on Node.js (in Next 16 the only runtime a proxy has), so reading a file there is fine.
const g = globalThis as unknown as { __geoDb?: { reader: Reader<Rec> | null }; __geoPkg?: { dir: string; version: string | null } | null };

/** The package's folder, resolved at run time from the app's directory (not by the bundler: the database is data). */
function pkg() {
  if (g.__geoPkg !== undefined) return g.__geoPkg;
  try {
    const pkgJson = createRequire(path.join(process.cwd(), "package.json")).resolve(`${PKG}/package.json`);
    g.__geoPkg = { dir: path.dirname(pkgJson), version: (JSON.parse(readFileSync(pkgJson, "utf8")) as { version?: string }).version ?? null };
  } catch {
    g.__geoPkg = null;
  }
  return g.__geoPkg;
}

function database(): Reader<Rec> | null {
  if (g.__geoDb) return g.__geoDb.reader;
  try {
    const p = pkg();
    if (!p) throw new Error("the package is not installed");
    g.__geoDb = { reader: new Reader<Rec>(readFileSync(path.join(p.dir, "geo-whois-asn-country.mmdb"))) };
  } catch (e) {
    console.error(`[geo] the offline IP-to-country database (${PKG}) could not be loaded; every country reads as unknown:`, (e as Error).message);
    g.__geoDb = { reader: null };
  }
  return g.__geoDb.reader;
}

const databaseVersion = () => pkg()?.version ?? null;
