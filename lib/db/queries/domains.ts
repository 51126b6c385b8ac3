import "server-only";
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { domains, type DomainRecordCheck } from "@/lib/db/schema";

export type DomainRow = {
  id: string;
  hostname: string;
  kind: "apex" | "subdomain";
  status: "pending" | "verified" | "active" | "misconfigured";
  verificationToken: string;
  redirectToId: string | null;
  isPrimary: boolean;
  checks: DomainRecordCheck[] | null;
  lastError: string | null;
  lastCheckedAt: Date | null;
  nextCheckAt: Date | null;
  verifiedAt: Date | null;
  misconfiguredAt: Date | null;
  createdAt: Date;
};

/** A workspace's domains, oldest first (at most a handful: adding is capped at 10). */
export async function listDomains(db: DbOrTx, p: { workspaceId: string }): Promise<DomainRow[]> {
  return db
    .select({
      id: domains.id,
      hostname: domains.hostname,
      kind: domains.kind,
      status: domains.status,
      verificationToken: domains.verificationToken,
      redirectToId: domains.redirectToId,
      isPrimary: domains.isPrimary,
      checks: domains.checks,
      lastError: domains.lastError,
      lastCheckedAt: domains.lastCheckedAt,
      nextCheckAt: domains.nextCheckAt,
      verifiedAt: domains.verifiedAt,
      misconfiguredAt: domains.misconfiguredAt,
      createdAt: domains.createdAt,
    })
    .from(domains)
    .where(eq(domains.workspaceId, p.workspaceId))
    .orderBy(asc(domains.createdAt), asc(domains.id));
}

export type DomainState = { id: string; hostname: string; status: DomainRow["status"]; lastCheckedAt: Date | null };

/** Just what the Domains page polls for while checks are pending: each domain's status and when it was last checked. */
export async function listDomainStates(db: DbOrTx, p: { workspaceId: string }): Promise<DomainState[]> {
  return db
    .select({ id: domains.id, hostname: domains.hostname, status: domains.status, lastCheckedAt: domains.lastCheckedAt })
    .from(domains)
    .where(eq(domains.workspaceId, p.workspaceId))
    .orderBy(asc(domains.createdAt), asc(domains.id));
}
