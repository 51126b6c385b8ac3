// The domain state machine, pure so every transition is unit-tested: what a DNS check means for a domain's status,
// when it is checked next, and whether its owners must hear that it broke.
import type { DomainRecordCheck } from "@/lib/db/schema";
import type { DnsCheckResult } from "./dns-check";
import type { DomainStatus } from "./status";

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

/** The first problem in words an admin can act on, for the status line and the owners' email. */
export function firstProblem(checks: DomainRecordCheck[]): string | null {
  const bad = checks.find((c) => c.status !== "found");
  if (!bad) return null;
  return bad.detail ?? `${bad.type} record for ${bad.name}: ${bad.status}`;
}

/**
 * pending → verified (TXT right) → active (TXT and CNAME/A right; after that the TXT may go, see below). A domain that was verified or active and now
 * fails on a definite answer becomes misconfigured; a timeout or SERVFAIL says nothing about the records, so the
 * status stays and only the next check comes sooner.
 */
export function nextDomainState(before: DomainStateBefore, result: DnsCheckResult, now: Date): DomainStateAfter {
  const problem = firstProblem(result.records);
  // A domain broken for over a week may have changed hands: its old proof no longer counts (and is cleared).
  const lapsed = before.status === "misconfigured" && before.misconfiguredAt !== null && now.getTime() - before.misconfiguredAt.getTime() > PROOF_LAPSES_AFTER_MS;
  const verifiedAt = lapsed ? null : before.verifiedAt;
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
