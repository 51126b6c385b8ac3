import type { ActionResult } from "@/lib/errors";

export type RecordView = { type: "TXT" | "CNAME" | "A"; name: string; host: string; value: string };
export type CheckView = { type: string; name: string; expected: string[]; status: "found" | "missing" | "wrong" | "conflict" | "error"; found: string[]; detail?: string };
export type DomainView = {
  id: string;
  hostname: string;
  display: string;
  kind: "apex" | "subdomain";
  status: "pending" | "verified" | "active" | "misconfigured";
  isPrimary: boolean;
  records: RecordView[];
  checks: CheckView[];
  lastError: string | null;
  lastCheckedAt: string | null;
  nextCheckAt: string | null;
  url: string;
  companions: DomainView[];
  /** Ownership proven and the proof still stands: the TXT record is not needed (and a missing one is no error). */
  proof: { since: string; lapsesOn: string | null } | null;
  /** For a companion whose partner is not served: the partner's status, which the companion shows. */
  partnerStatus: DomainView["status"] | null;
  /** For the primary: the domain that becomes primary if this one is removed (null: links go back to the platform address). */
  successor: string | null;
};
export type DomainState = { id: string; hostname: string; status: DomainView["status"]; lastCheckedAt: string | null };
export type Act<I, R = unknown> = (slug: string, input: I) => Promise<ActionResult<R>>;
