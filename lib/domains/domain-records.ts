import { getDomain } from "tldts";
import type { DnsExpectation } from "./dns-check";

// The DNS records a domain needs, as the set-up page shows them and as the checker expects them. Pure.

export const TXT_PREFIX = "_portal-verification";

export type RecordToCreate = {
  type: "TXT" | "CNAME" | "A";
  /** The full name, e.g. _portal-verification.portal.acme.com */
  name: string;
  /** The name as most DNS providers ask for it, relative to the zone: "portal", "_portal-verification.portal", "@". */
  host: string;
  value: string;
};

export type DomainForRecords = { hostname: string; kind: "apex" | "subdomain"; verificationToken: string; redirectToId: string | null };
export type RecordTargets = { cnameTarget: string; aRecords: string[] };

export const txtValue = (token: string) => `portal-verification=${token}`;

function relative(name: string, zone: string): string {
  if (name === zone) return "@";
  return name.endsWith(`.${zone}`) ? name.slice(0, -(zone.length + 1)) : name;
}

/** TXT proves ownership (a redirect companion borrows its partner's); CNAME routes a subdomain, A records an apex. */
export function recordsFor(d: DomainForRecords, t: RecordTargets): RecordToCreate[] {
  const zone = getDomain(d.hostname) ?? d.hostname;
  const out: RecordToCreate[] = [];
  if (!d.redirectToId) {
    const name = `${TXT_PREFIX}.${d.hostname}`;
    out.push({ type: "TXT", name, host: relative(name, zone), value: txtValue(d.verificationToken) });
  }
  if (d.kind === "subdomain") out.push({ type: "CNAME", name: d.hostname, host: relative(d.hostname, zone), value: t.cnameTarget });
  else for (const ip of t.aRecords) out.push({ type: "A", name: d.hostname, host: "@", value: ip });
  return out;
}

export function expectationFor(d: DomainForRecords, t: RecordTargets): DnsExpectation {
  return {
    hostname: d.hostname,
    kind: d.kind,
    txt: d.redirectToId ? undefined : { name: `${TXT_PREFIX}.${d.hostname}`, value: txtValue(d.verificationToken) },
    cnameTarget: t.cnameTarget,
    aRecords: t.aRecords,
  };
}
