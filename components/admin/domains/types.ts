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
};
export type Act<I, R = unknown> = (slug: string, input: I) => Promise<ActionResult<R>>;
