import "server-only";
import { isIPv4, isIPv6 } from "node:net";
import { promises as dns } from "node:dns";
import type { DomainRecordCheck } from "@/lib/db/schema";

// What a custom domain's DNS says about it: the ownership TXT record and the routing record (CNAME or A).
// Pure network code: no database, no state. Callers decide what a result means for the domain's status.

export type DnsExpectation = {
  hostname: string; // lower-case ASCII, no trailing dot, e.g. "portal.acme.com" or "acme.com"
  kind: "apex" | "subdomain";
  txt?: { name: string; value: string }; // omitted for a redirect companion: ownership is then reported "ok"
  cnameTarget: string; // PORTAL_CNAME_TARGET
  aRecords: string[]; // PORTAL_A_RECORD IPv4 addresses; may be empty
};

export type DnsCheckResult = {
  records: DomainRecordCheck[];
  ownership: "ok" | "missing" | "wrong" | "unknown";
  routing: "ok" | "missing" | "wrong" | "conflict" | "unknown";
  transient: boolean; // a lookup failed in a way that says nothing about the records: do not change state on it
};

export type DnsCheckOptions = {
  servers?: string[]; // default dnsServers(); undefined or [] = the system's resolvers
  timeoutMs?: number; // per attempt, default 2000
  tries?: number; // attempts per server, default 2
  deadlineMs?: number; // the whole check is cancelled after this; default 4 × timeoutMs × tries
};

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_TRIES = 2;
const MAX_CNAME_HOPS = 8;
const PROPAGATION = "DNS changes can take minutes, sometimes up to 48 hours.";

/** DNS_SERVERS ("127.0.0.1:5353, 10.0.0.2, [::1]:53") as Resolver.setServers takes it; undefined = system resolvers. */
export function dnsServers(env: string | undefined = process.env.DNS_SERVERS): string[] | undefined {
  const list = (env ?? "").split(/[\s,]+/).filter(Boolean);
  for (const s of list) {
    if (!isServerAddress(s)) throw new Error(`DNS_SERVERS: "${s}" is not an IP address with an optional :port`);
  }
  return list.length > 0 ? list : undefined;
}

function isServerAddress(s: string): boolean {
  const validPort = (p: string | undefined) => p === undefined || (/^\d{1,5}$/.test(p) && +p >= 1 && +p <= 65535);
  const bracketed = /^\[([^\]]+)\](?::([^:]*))?$/.exec(s);
  if (bracketed) return isIPv6(bracketed[1]) && validPort(bracketed[2]);
  if (isIPv6(s)) return true;
  const [ip, port, ...rest] = s.split(":");
  return rest.length === 0 && isIPv4(ip) && validPort(port);
}

/** Checks a domain's TXT and routing records in one bounded pass, so the scheduler and the "Check now" button agree. */
export async function checkDomainDns(exp: DnsExpectation, opts: DnsCheckOptions = {}): Promise<DnsCheckResult> {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const tries = opts.tries ?? DEFAULT_TRIES;
  const servers = opts.servers ?? dnsServers();
  // A resolver per check: c-ares caches answers by TTL, and a fixed record must show on the next check.
  const resolver = new dns.Resolver({ timeout, tries });
  if (servers && servers.length > 0) resolver.setServers(servers);

  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    resolver.cancel();
  }, opts.deadlineMs ?? 4 * timeout * tries);
  const ask: Ask = async (f) => {
    if (expired) return { ok: false, code: "ECANCELLED", missing: false };
    try {
      return { ok: true, value: await f(resolver) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "EUNKNOWN";
      return { ok: false, code, missing: code === "ENOTFOUND" || code === "ENODATA" };
    }
  };

  try {
    const [txt, routing] = await Promise.all([exp.txt ? checkTxt(ask, exp.txt) : undefined, checkRouting(ask, exp)]);
    const records = [...(txt ? [txt.record] : []), ...routing.records];
    return {
      records,
      ownership: txt ? txt.ownership : "ok",
      routing: routing.routing,
      transient: records.some((r) => r.status === "error") || routing.routing === "unknown",
    };
  } finally {
    clearTimeout(timer);
  }
}

type Lookup<T> = { ok: true; value: T } | { ok: false; code: string; missing: boolean };
type Ask = <T>(f: (r: dns.Resolver) => Promise<T>) => Promise<Lookup<T>>;
type Failed = Extract<Lookup<unknown>, { ok: false }>;

const norm = (name: string) => name.trim().toLowerCase().replace(/\.+$/, "");
const quoted = (values: string[]) => values.map((v) => `"${v}"`).join(", ");

/** A sentence for a lookup that failed without telling us anything about the records. */
function errorDetail(code: string, name: string): string {
  switch (code) {
    case "ETIMEOUT":
      return `The DNS server did not answer in time for ${name}. We will check again.`;
    case "ESERVFAIL":
      return `The DNS server failed to answer for ${name} (SERVFAIL), often a temporary or DNSSEC problem at the DNS provider. We will check again.`;
    case "EREFUSED":
      return `The DNS server refused to answer for ${name}. We will check again.`;
    case "ECONNREFUSED":
      return `Could not reach the DNS server (connection refused) while looking up ${name}. We will check again.`;
    case "ECANCELLED":
      return `The DNS check for ${name} took too long and was stopped. We will check again.`;
    default:
      return `The DNS lookup for ${name} failed (${code}). We will check again.`;
  }
}

async function checkTxt(ask: Ask, txt: { name: string; value: string }) {
  const name = norm(txt.name);
  const base = { type: "TXT" as const, name, expected: [txt.value] };
  const res = await ask((r) => r.resolveTxt(name));
  if (!res.ok && !res.missing) {
    const record: DomainRecordCheck = { ...base, status: "error", found: [], detail: errorDetail(res.code, name) };
    return { record, ownership: "unknown" as const };
  }
  const found = res.ok ? res.value.map((chunks) => chunks.join("")) : [];
  if (found.length === 0) {
    const detail = `No TXT record at ${name} yet. Add one with the value "${txt.value}". ${PROPAGATION}`;
    return { record: { ...base, status: "missing", found, detail } as DomainRecordCheck, ownership: "missing" as const };
  }
  if (found.some((v) => v.trim() === txt.value)) {
    return { record: { ...base, status: "found", found } as DomainRecordCheck, ownership: "ok" as const };
  }
  const detail = found.some((v) => v.trim() === `"${txt.value}"`)
    ? `Found the value with quotation marks around it at ${name}. Remove the quotes: the value is ${txt.value}.`
    : `Found ${quoted(found)} at ${name}; expected "${txt.value}". Replace the old value.`;
  return { record: { ...base, status: "wrong", found, detail } as DomainRecordCheck, ownership: "wrong" as const };
}

type Chain =
  | { end: "none" } // no CNAME at the name
  | { end: "target" | "elsewhere" | "loop" | "too-long"; hops: string[] }
  | { end: "error"; hops: string[]; failed: Failed; at: string };

/** Follows CNAMEs from `host` one query at a time (a recursive resolver answers a CNAME query with one hop). */
async function followCname(ask: Ask, host: string, target: string): Promise<Chain> {
  const hops: string[] = [];
  let at = host;
  while (hops.length < MAX_CNAME_HOPS) {
    const res = await ask((r) => r.resolveCname(at));
    if (!res.ok && !res.missing) return { end: "error", hops, failed: res, at };
    const next = res.ok && res.value.length > 0 ? norm(res.value[0]) : undefined;
    if (next === undefined) return hops.length === 0 ? { end: "none" } : { end: "elsewhere", hops };
    if (next === host || hops.includes(next)) return { end: "loop", hops: [...hops, next] };
    hops.push(next);
    if (next === target) return { end: "target", hops };
    at = next;
  }
  return { end: "too-long", hops };
}

async function checkRouting(ask: Ask, exp: DnsExpectation) {
  const host = norm(exp.hostname);
  const target = norm(exp.cnameTarget);
  const ours = exp.aRecords.map((ip) => ip.trim()).filter(Boolean);
  const [chain, direct] = await Promise.all([followCname(ask, host, target), ask((r) => r.resolve4(host))]);
  const records: DomainRecordCheck[] = [];
  let routing: DnsCheckResult["routing"];
  const hops = chain.end === "none" ? [] : chain.hops;
  const ips = direct.ok ? direct.value : [];
  const path = [host, ...hops].join(" → ");

  const transientFailure = (failed: Failed, name: string, type: "A" | "CNAME", expected: string[]) => {
    records.push({ type, name: host, expected, status: "error", found: hops, detail: errorDetail(failed.code, name) });
    return { records, routing: "unknown" as const };
  };

  if (chain.end === "error") {
    return transientFailure(chain.failed, chain.at, exp.kind === "apex" ? "A" : "CNAME", exp.kind === "apex" ? ours : [target]);
  }
  // A CNAME loop makes a recursive resolver answer SERVFAIL for the A query: the chain already says what is wrong.
  const broken = chain.end === "loop" || chain.end === "too-long";
  if (!direct.ok && !direct.missing && !broken) {
    return transientFailure(direct, host, exp.kind === "apex" ? "A" : "CNAME", exp.kind === "apex" ? ours : [target]);
  }

  if (exp.kind === "subdomain") {
    const base = { type: "CNAME" as const, name: host, expected: [target] };
    if (chain.end === "target") {
      records.push({ ...base, status: "found", found: hops });
      routing = "ok";
    } else if (chain.end === "none" && ips.length === 0) {
      const detail = `No CNAME record for ${host} yet. Add a CNAME pointing to ${target}. ${PROPAGATION}`;
      records.push({ ...base, status: "missing", found: [], detail });
      routing = "missing";
    } else if (chain.end === "none" && ours.length > 0 && sameSet(ips, ours)) {
      const detail = `${host} points to ${ips.join(", ")} with an A record, which works; a CNAME to ${target} keeps working if our addresses change.`;
      records.push({ ...base, status: "found", found: ips, detail });
      routing = "ok";
    } else if (chain.end === "none") {
      const detail = `${host} points to ${ips.join(", ")} with an A record; use a CNAME to ${target} instead.`;
      records.push({ ...base, status: "wrong", found: ips, detail });
      routing = "wrong";
    } else {
      records.push({ ...base, status: "wrong", found: hops, detail: chainDetail(chain.end, path, hops, target) });
      routing = "wrong";
    }
  } else {
    const base = { type: "A" as const, name: host, expected: ours };
    // No configured address: the apex can only work through the provider's ALIAS/flattening to our CNAME target.
    let allowed = ours;
    if (ours.length === 0 && chain.end !== "target" && ips.length > 0) {
      const t = await ask((r) => r.resolve4(target));
      if (!t.ok && !t.missing) return transientFailure(t, target, "A", ours);
      allowed = t.ok ? t.value : [];
    }
    const stray = ips.filter((ip) => !allowed.includes(ip));
    const want = ours.length > 0 ? `an A record to ${ours.join(", ")}` : `an ALIAS/ANAME (or flattened CNAME) to ${target}`;
    if (chain.end === "target") {
      const detail = `${host} is a CNAME to ${target} (${path}), which works.`;
      records.push({ ...base, status: "found", found: ips, detail });
      routing = "ok";
    } else if (broken || (chain.end === "elsewhere" && ips.length === 0)) {
      const detail = `${chainDetail(chain.end, path, hops, target)} For an apex domain, ${want} is the usual setup.`;
      records.push({ ...base, status: "wrong", found: ips, detail });
      routing = "wrong";
    } else if (ips.length === 0) {
      const detail = `No A record for ${host} yet. Add ${want}. ${PROPAGATION}`;
      records.push({ ...base, status: "missing", found: [], detail });
      routing = "missing";
    } else if (stray.length > 0) {
      const via = chain.end === "elsewhere" ? ` through the CNAME ${path}` : "";
      const detail =
        stray.length === ips.length
          ? `${host} points to ${ips.join(", ")}${via}, not to this portal. Replace it with ${want}.`
          : `${host} also points to ${stray.join(", ")}${via}, so some visitors would reach another server. Remove ${stray.length === 1 ? "that address" : "those addresses"} and keep ${want}.`;
      records.push({ ...base, status: "wrong", found: ips, detail });
      routing = "wrong";
    } else {
      records.push({ ...base, status: "found", found: ips });
      routing = "ok";
    }
  }

  // Both a CNAME and A records of its own (a broken zone): resolve4 follows the chain, so A records it returns
  // that the chain's end does not have sit directly at the name.
  const end = hops.at(-1);
  if (end && ips.length > 0 && (chain.end === "target" || chain.end === "elsewhere")) {
    const endIps = await ask((r) => r.resolve4(end));
    if (!endIps.ok && !endIps.missing) {
      records.push({ type: "A", name: host, expected: [], status: "error", found: [], detail: errorDetail(endIps.code, end) });
      return { records, routing: "unknown" as const };
    }
    const own = ips.filter((ip) => !(endIps.ok ? endIps.value : []).includes(ip));
    if (own.length > 0) {
      const keep = exp.kind === "subdomain" ? `delete the A record and keep the CNAME to ${target}` : `at the apex, keep ${ours.length > 0 ? `the A record to ${ours.join(", ")}` : "the A record"} and delete the CNAME`;
      const detail = `${host} has a CNAME to ${hops[0]} and also A records (${own.join(", ")}). Use either the A record or the CNAME, not both: ${keep}.`;
      records.push({ type: "A", name: host, expected: [], status: "conflict", found: own, detail });
      routing = "conflict";
    }
  }
  return { records, routing };
}

function chainDetail(end: "elsewhere" | "loop" | "too-long", path: string, hops: string[], target: string): string {
  if (end === "loop") return `The CNAME records for ${path} go round in a loop. Point the CNAME to ${target}.`;
  if (end === "too-long") return `The CNAME chain ${path} is longer than ${MAX_CNAME_HOPS} steps. Point the CNAME to ${target} directly.`;
  if (hops.length === 1) return `${path.split(" → ")[0]} is a CNAME to ${hops[0]}; change it to ${target}.`;
  return `The CNAME chain ${path} ends at ${hops.at(-1)}, not ${target}. Point the CNAME to ${target}.`;
}

function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
