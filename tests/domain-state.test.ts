// The domain state machine: what each DNS check result does to a domain's status, its next check and its owners.
import { expect, test } from "vitest";
import { backoffMs, HEALTHY_RECHECK_MS, nextCompanionState, nextDomainState, type DomainStateBefore } from "@/lib/domains/domain-state";
import type { DnsCheckResult } from "@/lib/domains/dns-check";

const now = new Date("2026-12-01T12:00:00Z");
const fresh: DomainStateBefore = { status: "pending", checkFailures: 0, verifiedAt: null, misconfiguredAt: null };
const result = (ownership: DnsCheckResult["ownership"], routing: DnsCheckResult["routing"], transient = false): DnsCheckResult => ({
  ownership,
  routing,
  transient,
  records: [
    { type: "TXT", name: "_portal-verification.portal.acme.com", expected: ["t"], status: ownership === "ok" ? "found" : "missing", found: [], detail: "No TXT record yet." },
    { type: "CNAME", name: "portal.acme.com", expected: ["cname.p.test"], status: routing === "ok" ? "found" : "missing", found: [], detail: "No CNAME record yet." },
  ],
});

test("pending → verified → active, and links only count once active", () => {
  const v = nextDomainState(fresh, result("ok", "missing"), now);
  expect(v).toMatchObject({ status: "verified", broke: false, lastError: "No CNAME record yet.", checkFailures: 1 });
  expect(v.verifiedAt).toEqual(now);
  const a = nextDomainState(v, result("ok", "ok"), new Date(now.getTime() + 60_000));
  expect(a).toMatchObject({ status: "active", lastError: null, checkFailures: 0, verifiedAt: now });
  expect(a.nextCheckAt.getTime() - now.getTime() - 60_000).toBe(HEALTHY_RECHECK_MS);
});

test("nothing right yet stays pending, re-checked sooner at first and less often later", () => {
  let s: DomainStateBefore = fresh;
  const gaps: number[] = [];
  for (let i = 0; i < 12; i++) {
    const n = nextDomainState(s, result("missing", "missing"), now);
    expect(n.status).toBe("pending");
    gaps.push(n.nextCheckAt.getTime() - now.getTime());
    s = n;
  }
  expect(gaps[0]).toBe(60_000);
  for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]);
  expect(gaps[gaps.length - 1]).toBe(backoffMs(99));
  expect(backoffMs(99)).toBe(6 * 3_600_000);
});

test("an active domain that loses its CNAME is misconfigured and its owners are told once", () => {
  const active: DomainStateBefore = { status: "active", checkFailures: 0, verifiedAt: now, misconfiguredAt: null };
  const broken = nextDomainState(active, result("ok", "missing"), now);
  expect(broken).toMatchObject({ status: "misconfigured", broke: true, misconfiguredAt: now, lastError: "No CNAME record yet." });
  const still = nextDomainState(broken, result("ok", "missing"), new Date(now.getTime() + 60_000));
  expect(still).toMatchObject({ status: "misconfigured", broke: false, misconfiguredAt: now });
  const fixed = nextDomainState(still, result("ok", "ok"), now);
  expect(fixed).toMatchObject({ status: "active", misconfiguredAt: null, broke: false });
});

test("once proven, removing the TXT record does not take a working domain down", () => {
  const active: DomainStateBefore = { status: "active", checkFailures: 0, verifiedAt: now, misconfiguredAt: null };
  expect(nextDomainState(active, result("missing", "ok"), now).status).toBe("active");
  // …but a never-verified domain needs the TXT.
  expect(nextDomainState(fresh, result("missing", "ok"), now).status).toBe("pending");
});

test("a verified domain whose TXT disappears (and never routed) is misconfigured and reported", () => {
  const verified: DomainStateBefore = { status: "verified", checkFailures: 2, verifiedAt: null, misconfiguredAt: null };
  expect(nextDomainState(verified, result("missing", "missing"), now)).toMatchObject({ status: "misconfigured", broke: true });
  expect(nextDomainState(verified, result("wrong", "missing"), now)).toMatchObject({ status: "misconfigured", broke: true });
});

test("a timeout or SERVFAIL changes no status and tells nobody; it only brings the next check closer", () => {
  for (const status of ["pending", "verified", "active", "misconfigured"] as const) {
    const before: DomainStateBefore = { status, checkFailures: 0, verifiedAt: status === "pending" ? null : now, misconfiguredAt: null };
    const n = nextDomainState(before, result("unknown", "unknown", true), now);
    expect(n).toMatchObject({ status, broke: false, checkFailures: 1, verifiedAt: before.verifiedAt });
    expect(n.nextCheckAt.getTime() - now.getTime()).toBe(60_000);
  }
});

test("a conflict (A and CNAME at one name) is not active", () => {
  expect(nextDomainState(fresh, result("ok", "conflict"), now).status).toBe("verified");
});

test("misconfigured for more than 7 days: the old proof lapses (verifiedAt cleared), so only the TXT makes it active", () => {
  const day = 24 * 3_600_000;
  const broken = (days: number): DomainStateBefore => ({ status: "misconfigured", checkFailures: 5, verifiedAt: new Date(now.getTime() - 30 * day), misconfiguredAt: new Date(now.getTime() - days * day) });
  // Six days: pointing it back at us is still enough.
  expect(nextDomainState(broken(6), result("missing", "ok"), now)).toMatchObject({ status: "active", verifiedAt: broken(6).verifiedAt });
  // Eight days: routing alone is not; the proof is gone, also after a check that said nothing.
  expect(nextDomainState(broken(8), result("missing", "ok"), now)).toMatchObject({ status: "misconfigured", verifiedAt: null, broke: false });
  expect(nextDomainState(broken(8), result("unknown", "unknown", true), now)).toMatchObject({ status: "misconfigured", verifiedAt: null });
  // With its TXT it is proven again, from now.
  expect(nextDomainState(broken(8), result("ok", "ok"), now)).toMatchObject({ status: "active", verifiedAt: now, misconfiguredAt: null });
  // A verified/active domain is never "lapsed", however old its proof.
  const active: DomainStateBefore = { status: "active", checkFailures: 0, verifiedAt: new Date(now.getTime() - 300 * day), misconfiguredAt: null };
  expect(nextDomainState(active, result("missing", "ok"), now).status).toBe("active");
});

test("once proven, a missing TXT is never the problem named: the routing record that broke is", () => {
  const active: DomainStateBefore = { status: "active", checkFailures: 0, verifiedAt: now, misconfiguredAt: null };
  expect(nextDomainState(active, result("missing", "missing"), now)).toMatchObject({ status: "misconfigured", lastError: "No CNAME record yet.", broke: true });
  // Without a standing proof the TXT is needed, and named first.
  expect(nextDomainState(fresh, result("missing", "missing"), now).lastError).toBe("No TXT record yet.");
});

test("a companion follows its partner: served only while the partner is, never ahead of it, its proof the partner's", () => {
  const companion: DomainStateBefore = { status: "active", checkFailures: 0, verifiedAt: now, misconfiguredAt: null };
  const partner = (status: "pending" | "verified" | "active" | "misconfigured") => ({ hostname: "acme.com", status, verifiedAt: status === "pending" ? null : now });
  // Its own routing is fine, but the partner broke: misconfigured, with no email of its own (the partner's says so).
  const down = nextCompanionState(companion, result("ok", "ok"), partner("misconfigured"), now);
  expect(down).toMatchObject({ status: "misconfigured", broke: false, misconfiguredAt: now });
  expect(down.lastError).toMatch(/redirects to acme\.com/);
  expect(nextCompanionState({ ...fresh }, result("ok", "ok"), partner("pending"), now)).toMatchObject({ status: "pending", verifiedAt: null });
  expect(nextCompanionState({ ...fresh }, result("ok", "ok"), partner("verified"), now)).toMatchObject({ status: "verified", verifiedAt: now });
  expect(nextCompanionState({ ...fresh }, result("ok", "ok"), partner("active"), now)).toMatchObject({ status: "active", lastError: null });
  // Its own record breaking while the partner works: that is its own break, and its owners hear of it.
  expect(nextCompanionState(companion, result("ok", "missing"), partner("active"), now)).toMatchObject({ status: "misconfigured", broke: true, lastError: "No CNAME record yet." });
});
