// The domain state machine, pure so every transition is unit-tested: what a DNS check means for a domain's status,
// when it is checked next, and whether its owners must hear that it broke.
import type { DomainRecordCheck } from "@/lib/db/schema";
import type { DnsCheckResult } from "./dns-check";
import { isServed, type DomainStatus } from "./status";

const MINUTE = 60_000;
/** Re-checks of a domain that is not right yet: soon at first (people fix DNS while the page is open), then less often. */
const BACKOFF_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 240, 360];
export const HEALTHY_RECHECK_MS = 60 * MINUTE;
/** Misconfigured longer than this and the domain must prove its TXT again before it can be active. */
export const PROOF_LAPSES_AFTER_MS = 7 * 24 * 60 * MINUTE;

export type DomainStateBefore = { status: DomainStatus; checkFailures: number; verifiedAt: Date | null; misconfiguredAt: Date | null };
export type DomainStateAfter = {
  status: DomainStatus;
  checks: DomainRecordCheck[];
  lastError: string | null;
  checkFailures: number;
  nextCheckAt: Date;
  verifiedAt: Date | null;
  misconfiguredAt: Date | null;
  /** It was serving and now is not: tell the owners. */
  broke: boolean;
};

export function backoffMs(failures: number): number {
  return BACKOFF_MINUTES[Math.min(Math.max(failures, 1), BACKOFF_MINUTES.length) - 1] * MINUTE;
}

/**
 * The records whose state matters now: while a proof of ownership stands (`verifiedAt` set), the TXT record is no
 * longer needed, so a missing or changed TXT is not a problem and must never be named as what broke.
 */
export function recordsThatMatter(checks: DomainRecordCheck[], proofStands: boolean): DomainRecordCheck[] {
  return proofStands ? checks.filter((c) => c.type !== "TXT") : checks;
}

/** The first record that is not right, in words an admin can act on, for the status line and the owners' email. */
export function firstProblem(checks: DomainRecordCheck[], proofStands = false): string | null {
  const bad = recordsThatMatter(checks, proofStands).find((c) => c.status !== "found");
  if (!bad) return null;
  return bad.detail ?? `${bad.type} record for ${bad.name}: ${bad.status}`;
}

/**
 * pending → verified (TXT right) → active (TXT and CNAME/A right; after that the TXT may go, see below). A domain that was verified or active and now
 * fails on a definite answer becomes misconfigured; a timeout or SERVFAIL says nothing about the records, so the
 * status stays and only the next check comes sooner.
 */
export function nextDomainState(before: DomainStateBefore, result: DnsCheckResult, now: Date): DomainStateAfter {
  // A domain broken for over a week may have changed hands: its old proof no longer counts (and is cleared).
  const lapsed = before.status === "misconfigured" && before.misconfiguredAt !== null && now.getTime() - before.misconfiguredAt.getTime() > PROOF_LAPSES_AFTER_MS;
  const verifiedAt = lapsed ? null : before.verifiedAt;
  const problem = firstProblem(result.records, verifiedAt !== null);
  if (result.transient) {
    const failures = before.checkFailures + 1;
    return {
      status: before.status,
      checks: result.records,
      lastError: problem ?? "The DNS check could not be completed. We'll try again shortly.",
      checkFailures: failures,
      nextCheckAt: new Date(now.getTime() + backoffMs(failures)),
      verifiedAt,
      misconfiguredAt: before.misconfiguredAt,
      broke: false,
    };
  }
  const routing = result.routing === "ok";
  // Once proven, ownership stays proven while the domain still points at us (pointing it here takes the same
  // control of its DNS), so an admin who tidies away the TXT record does not take their portal down. Only while
  // the proof is recent, though: after a week misconfigured `verifiedAt` is cleared, because by then the domain may
  // belong to someone else, and their CNAME to us must not bring the old workspace's portal back. It needs its
  // TXT again.
  const ownership = result.ownership === "ok" || (verifiedAt !== null && routing);
  let status: DomainStatus;
  if (ownership && routing) status = "active";
  else if (before.status === "active" || before.status === "misconfigured") status = "misconfigured";
  else if (before.status === "verified") status = ownership ? "verified" : "misconfigured";
  else status = ownership ? "verified" : "pending";

  const healthy = status === "active";
  const failures = healthy ? 0 : before.checkFailures + 1;
  const served = (s: DomainStatus) => s === "verified" || s === "active";
  return {
    status,
    checks: result.records,
    lastError: healthy ? null : problem,
    checkFailures: failures,
    nextCheckAt: new Date(now.getTime() + (healthy ? HEALTHY_RECHECK_MS : backoffMs(failures))),
    verifiedAt: ownership ? (verifiedAt ?? now) : verifiedAt,
    misconfiguredAt: status === "misconfigured" ? (before.status === "misconfigured" ? before.misconfiguredAt : now) : null,
    broke: served(before.status) && status === "misconfigured",
  };
}

export type PartnerState = { hostname: string; status: DomainStatus; verifiedAt: Date | null };

/** What a redirect companion says while its partner is not served: it works once the partner does. */
export const followsPartner = (partner: { hostname: string; status: DomainStatus }) =>
  `This domain redirects to ${partner.hostname}, which is ${partner.status === "pending" ? "not verified yet" : "not working"}: fix ${partner.hostname} first.`;

/**
 * A www/apex companion proves nothing itself and follows its partner: it is served only while the partner is, it is
 * never further along than the partner (active only once the partner is), its proof is the partner's (so it lapses
 * with it), and it never emails on its own when the partner's break took it down (the partner's email says so).
 * Its own CNAME/A record still has to be right.
 */
export function nextCompanionState(before: DomainStateBefore, result: DnsCheckResult, partner: PartnerState, now: Date): DomainStateAfter {
  const served = isServed(partner.status);
  // Its own verifiedAt is not consulted: a companion whose partner broke must not stay active on an old proof.
  const s = nextDomainState({ ...before, verifiedAt: served ? partner.verifiedAt : null }, { ...result, ownership: served ? "ok" : "missing" }, now);
  const status: DomainStatus = s.status === "active" && partner.status !== "active" ? "verified" : s.status;
  return {
    ...s,
    status,
    lastError: served ? (status === "active" ? null : (s.lastError ?? null)) : followsPartner(partner),
    verifiedAt: partner.verifiedAt,
    misconfiguredAt: status === "misconfigured" ? (before.status === "misconfigured" ? before.misconfiguredAt : now) : null,
    broke: s.broke && served,
  };
}

/**
 * Whether a domain's proof of ownership stands, so its TXT record is no longer needed: since when, and (while it is
 * misconfigured) the day the proof lapses and the TXT is needed again. Null while unproven or lapsed.
 */
export function proofStanding(d: { status: DomainStatus; verifiedAt: Date | null; misconfiguredAt: Date | null }, now: Date): { since: Date; lapsesOn: Date | null } | null {
  if (d.status === "pending" || !d.verifiedAt) return null;
  if (d.status !== "misconfigured" || !d.misconfiguredAt) return { since: d.verifiedAt, lapsesOn: null };
  const lapsesOn = new Date(d.misconfiguredAt.getTime() + PROOF_LAPSES_AFTER_MS);
  return lapsesOn > now ? { since: d.verifiedAt, lapsesOn } : null;
}
