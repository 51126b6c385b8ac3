// Pending domains are claims. Several workspaces may claim one hostname (each with its own TXT token); the first to
// prove its token takes the hostname and the other claims are deleted; unproven claims expire. The partial unique
// index `domains_hostname_claimed` (hostname WHERE status <> 'pending') is what guarantees one holder per hostname.
import "server-only";
import { and, asc, eq, isNull, lt, ne, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { publishChange } from "@/lib/changes/publish-change";
import type { DbOrTx } from "@/lib/db";
import { auditEvents, domains } from "@/lib/db/schema";

/** A pending domain nobody proved within this long is deleted by the sweep; its workspace may add it again. */
export const PENDING_CLAIM_TTL_MS = 14 * 24 * 3_600_000;

/** Shown on a claim whose TXT is right but whose hostname another workspace holds. Never says which. */
export const HELD_ELSEWHERE_MESSAGE = "This domain is already connected to another workspace.";

/**
 * A holder whose proof lapsed: misconfigured for so long that its verified_at was cleared (domain-state.ts). It
 * still blocks nothing: a domain that changed hands must not stay "taken" by its old workspace for ever.
 */
const lapsed = sql`(${domains.status} = 'misconfigured' and ${domains.verifiedAt} is null)`;

/** Does another workspace hold `hostname` past pending (verified, active, or misconfigured with its proof intact)? */
export async function hostnameHeldElsewhere(tx: DbOrTx, workspaceId: string, hostname: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: domains.id })
    .from(domains)
    // `<> 'pending'` as in the partial index's predicate, so this is one index probe.
    .where(and(eq(domains.hostname, hostname), ne(domains.status, "pending"), ne(domains.workspaceId, workspaceId), sql`not ${lapsed}`))
    .limit(1);
  return Boolean(row);
}

/**
 * Serialises, per hostname, the transactions that may turn a claim into the holder. Taken before any row lock:
 * the winner deletes the losers' rows, and a loser holding its own row's lock while waiting for the winner's index
 * entry would otherwise deadlock with it.
 */
export async function lockHostname(tx: DbOrTx, hostname: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`domain-claim:${hostname}`}, 0))`);
}

/**
 * The claim of `workspaceId` just took `hostname`: every other workspace's pending claim on it goes, and so does a
 * holder whose proof lapsed (a claim's
 * redirect companion goes with it, by the foreign key's cascade), and each loser is told in its audit log.
 */
export async function dropRivalClaims(tx: DbOrTx, workspaceId: string, hostname: string) {
  const gone = await tx
    .delete(domains)
    .where(and(eq(domains.hostname, hostname), ne(domains.workspaceId, workspaceId), sql`(${domains.status} = 'pending' or ${lapsed})`))
    .returning({ id: domains.id, workspaceId: domains.workspaceId, hostname: domains.hostname });
  await afterClaimsDeleted(tx, gone, "another workspace proved that the domain is theirs");
  return gone.length;
}

/**
 * Before a claim takes `hostname`: another workspace's holder whose proof lapsed goes first, or the one-holder index
 * would refuse the new holder. (Pending rivals go only once the claim has won: dropRivalClaims.)
 */
export async function dropLapsedHolders(tx: DbOrTx, workspaceId: string, hostname: string) {
  const gone = await tx
    .delete(domains)
    .where(and(eq(domains.hostname, hostname), ne(domains.workspaceId, workspaceId), lapsed))
    .returning({ id: domains.id, workspaceId: domains.workspaceId, hostname: domains.hostname });
  await afterClaimsDeleted(tx, gone, "it stayed misconfigured, and another workspace proved that the domain is now theirs");
  return gone.length;
}

/** The sweep: deletes pending claims never verified within PENDING_CLAIM_TTL_MS. */
export async function expirePendingClaims(db: DbOrTx, now: Date) {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(domains)
      .where(and(eq(domains.status, "pending"), isNull(domains.verifiedAt), lt(domains.createdAt, new Date(now.getTime() - PENDING_CLAIM_TTL_MS))))
      .returning({ id: domains.id, workspaceId: domains.workspaceId, hostname: domains.hostname });
    await afterClaimsDeleted(tx, gone, "it was not verified within 14 days");
    return gone.length;
  });
}

const other = alias(domains, "other");

/** Audit entries for deleted claims, and a new primary (the oldest domain left) where the primary went. */
async function afterClaimsDeleted(tx: DbOrTx, gone: { id: string; workspaceId: string; hostname: string }[], why: string) {
  if (gone.length === 0) return;
  await tx.insert(auditEvents).values(
    gone.map((d) => ({
      workspaceId: d.workspaceId,
      action: "domain.remove",
      targetType: "domain",
      targetId: d.id,
      summary: `Removed the domain ${d.hostname}: ${why}`,
      data: { hostname: d.hostname, reason: why },
    })),
  );
  for (const w of [...new Set(gone.map((d) => d.workspaceId))]) {
    const [next] = await tx
      .select({ id: domains.id })
      .from(domains)
      .where(
        and(
          eq(domains.workspaceId, w),
          isNull(domains.redirectToId),
          notExists(tx.select({ id: other.id }).from(other).where(and(eq(other.workspaceId, w), eq(other.isPrimary, true)))),
        ),
      )
      .orderBy(asc(domains.createdAt), asc(domains.id))
      .limit(1);
    if (next) await tx.update(domains).set({ isPrimary: true }).where(eq(domains.id, next.id));
    // Nothing served went (a pending or lapsed row), but the workspace's domains and maybe its primary changed.
    await publishChange(tx, { kind: "workspace", workspaceId: w });
  }
}
