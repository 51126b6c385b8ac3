import "server-only";
import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { publishHostsChange } from "@/lib/changes/publish-change";
import type { Db } from "@/lib/db";
import { domains, memberships, users, workspaces, type DomainRecordCheck } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError, uniqueViolation } from "@/lib/errors";
import { emailLayout } from "@/lib/messaging/email/layout";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import type { OpsCtx } from "@/lib/ops-context";
import { checkDomainDns, type DnsCheckResult } from "./dns-check";
import { expectationFor } from "./domain-records";
import { domainIdSchema, type DomainIdInput } from "./domain-schema";
import { dropLapsedHolders, dropRivalClaims, expirePendingClaims, HELD_ELSEWHERE_MESSAGE, hostnameHeldElsewhere, lockHostname } from "./domain-claims";
import { backoffMs, followsPartner, nextCompanionState, nextDomainState, recordsThatMatter, type DomainStateAfter, type PartnerState } from "./domain-state";
import { isServed, type DomainStatus } from "./status";

type DnsOptions = { servers?: string[]; timeoutMs?: number };
export type CheckOutcome = { id: string; hostname: string; before: DomainStatus; after: DomainStateAfter; checkedAt: Date };

const targets = () => ({ cnameTarget: env.portalCnameTarget, aRecords: env.portalARecords });

/**
 * Checks one domain's DNS and applies the result. DNS is asked outside any transaction; the result is applied
 * under the row's lock against the state as it is then, so a scheduled check and "Check now" racing each other
 * cannot both email the owners.
 *
 * A redirect companion proves nothing itself and follows its partner (nextCompanionState): its check reads the
 * partner's state under the partner row's lock, and a check of the partner that takes it out of service takes its
 * companions out in the same transaction (a partner coming back schedules their own check at once, since their
 * CNAME/A records must be right too). Locks are taken partner row first, then companion rows, on both paths.
 *
 * A pending row is a claim (other workspaces may claim the same hostname). When this check would take it past
 * pending, it takes the hostname in the same transaction: it stays pending ("already connected to another
 * workspace", never which) if another workspace holds the hostname, otherwise it moves on and every other
 * workspace's pending claim on the hostname is deleted. A per-hostname advisory lock orders rival claims; the
 * partial unique index is the backstop.
 */
export async function checkDomainById(db: Db, id: string, dns: DnsOptions = {}): Promise<CheckOutcome | null> {
  const [d] = await db
    .select({ id: domains.id, hostname: domains.hostname, kind: domains.kind, verificationToken: domains.verificationToken, redirectToId: domains.redirectToId })
    .from(domains)
    .where(eq(domains.id, id));
  if (!d) return null;
  const result: DnsCheckResult = await checkDomainDns(expectationFor(d, targets()), dns);
  const now = new Date();
  const outcome = await db.transaction(async (tx) => {
    await lockHostname(tx, d.hostname);
    let partner: PartnerState | undefined;
    if (d.redirectToId) {
      const [p] = await tx
        .select({ hostname: domains.hostname, status: domains.status, verifiedAt: domains.verifiedAt })
        .from(domains)
        .where(eq(domains.id, d.redirectToId))
        .for("share");
      if (!p) return null; // the partner was removed, and this row with it
      partner = p;
    }
    const [before] = await tx
      .select({
        workspaceId: domains.workspaceId,
        hostname: domains.hostname,
        status: domains.status,
        checkFailures: domains.checkFailures,
        verifiedAt: domains.verifiedAt,
        misconfiguredAt: domains.misconfiguredAt,
      })
      .from(domains)
      .where(eq(domains.id, id))
      .for("update");
    if (!before) return null;
    let after = partner ? nextCompanionState(before, result, partner, now) : nextDomainState(before, result, now);
    const write = (a: DomainStateAfter) =>
      tx
        .update(domains)
        .set({
          status: a.status,
          checks: a.checks,
          lastError: a.lastError,
          checkFailures: a.checkFailures,
          nextCheckAt: a.nextCheckAt,
          verifiedAt: a.verifiedAt,
          misconfiguredAt: a.misconfiguredAt,
          lastCheckedAt: now,
        })
        .where(eq(domains.id, id));
    const claiming = before.status === "pending" && after.status !== "pending";
    if (!claiming) await write(after);
    else {
      const held = () => ({ ...after, ...heldElsewhere(before, now) });
      if (await hostnameHeldElsewhere(tx, before.workspaceId, before.hostname)) after = held();
      else {
        await dropLapsedHolders(tx, before.workspaceId, before.hostname);
        try {
          // In a savepoint, so a unique violation (a holder this lock did not see) leaves the transaction usable.
          await tx.transaction(async (sp) => void (await sp.update(domains).set({ status: after.status }).where(eq(domains.id, id))));
        } catch (e) {
          if (uniqueViolation(e) === null) throw e;
          after = held();
        }
        if (after.status !== "pending") await dropRivalClaims(tx, before.workspaceId, before.hostname);
      }
      await write(after);
    }
    const followers = partner ? [] : await companionsFollow(tx, id, { hostname: before.hostname, ...after }, before.status, now);
    // Served or not changed (here or for a companion): every instance, this worker's included, must route anew.
    if (followers.length > 0 || isServed(before.status) !== isServed(after.status)) await publishHostsChange(tx, before.workspaceId);
    if (after.broke) await tellOwners(tx, { workspaceId: before.workspaceId, hostname: before.hostname, checks: after.checks, verifiedAt: after.verifiedAt, alsoDown: followers });
    return { id, hostname: before.hostname, before: before.status, after };
  });
  if (outcome?.after.broke) kickOutbox();
  if (!outcome) return null;
  return { id: outcome.id, hostname: outcome.hostname, before: outcome.before, after: outcome.after, checkedAt: now };
}

/**
 * After a partner's check, in its transaction: a partner out of service takes its served companions out with it
 * (they were redirecting visitors to a host that no longer answers); a partner whose state changed otherwise gets
 * its companions checked at the next sweep (and "Check now" checks them straight after). Returns the hostnames
 * taken out of service.
 */
async function companionsFollow(tx: Tx, partnerId: string, partner: PartnerState, wasStatus: DomainStatus, now: Date): Promise<string[]> {
  const rows = await tx
    .select({ id: domains.id, hostname: domains.hostname, status: domains.status, misconfiguredAt: domains.misconfiguredAt })
    .from(domains)
    .where(eq(domains.redirectToId, partnerId))
    .for("update");
  const down: string[] = [];
  for (const c of rows) {
    if (isServed(partner.status)) {
      if (partner.status !== wasStatus) await tx.update(domains).set({ nextCheckAt: now, verifiedAt: partner.verifiedAt }).where(eq(domains.id, c.id));
      continue;
    }
    const served = isServed(c.status);
    if (served) down.push(c.hostname);
    await tx
      .update(domains)
      .set({
        status: served ? "misconfigured" : c.status,
        misconfiguredAt: served ? now : c.misconfiguredAt,
        lastError: followsPartner(partner),
        verifiedAt: partner.verifiedAt,
      })
      .where(eq(domains.id, c.id));
  }
  return down;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A claim whose TXT is right on a hostname another workspace holds: it stays pending and says so. */
function heldElsewhere(before: { checkFailures: number }, now: Date): Partial<DomainStateAfter> {
  const failures = before.checkFailures + 1;
  return { status: "pending", lastError: HELD_ELSEWHERE_MESSAGE, checkFailures: failures, nextCheckAt: new Date(now.getTime() + backoffMs(failures)), verifiedAt: null, misconfiguredAt: null, broke: false };
}

/**
 * What broke, record by record, for the owners' email: the record's type and name, what DNS answered and what it
 * must be. Only records that matter: while ownership stays proven the TXT is not needed, so it is never named.
 */
export function brokenRecords(checks: DomainRecordCheck[], proofStands: boolean): string[] {
  return recordsThatMatter(checks, proofStands)
    .filter((c) => c.status !== "found")
    .map((c) => {
      const found = c.found.length > 0 ? c.found.join(", ") : "no record";
      const expected = c.expected.length > 0 ? ` Expected: ${c.type} ${c.name} → ${c.expected.join(", ")}.` : "";
      return `${c.type} record for ${c.name}: found ${found}.${expected}${c.detail ? ` ${c.detail}` : ""}`;
    });
}

/** Emails every owner that a domain their clients use stopped working, naming the record that broke and where to fix it. */
async function tellOwners(tx: Tx, p: { workspaceId: string; hostname: string; checks: DomainRecordCheck[]; verifiedAt: Date | null; alsoDown: string[] }) {
  const owners = await tx
    .select({ email: users.email, slug: workspaces.slug, name: workspaces.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.workspaceId, p.workspaceId), eq(memberships.role, "owner")));
  if (owners.length === 0) return;
  const url = `${env.appUrl}/w/${owners[0].slug}/settings/domains`;
  const records = brokenRecords(p.checks, p.verifiedAt !== null);
  const why = records.length > 0 ? records : ["Its DNS records no longer match what the portal needs."];
  const also = p.alsoDown.length > 0 ? [`${p.alsoDown.join(" and ")}, which ${p.alsoDown.length === 1 ? "redirects" : "redirect"} to it, stopped too, and will work again with it.`] : [];
  const subject = `${p.hostname} stopped working for your client portal`;
  const fix = `Until it is fixed, links in new emails use the portal's platform address. Fix ${records.length > 1 ? "these records" : "the record"}, then press Check now.`;
  await enqueueMessages(
    tx,
    owners.map((o) => {
      const paragraphs = [`Your clients can no longer reach ${o.name}'s portal at ${p.hostname}.`, ...why, ...also, fix];
      return {
        workspaceId: p.workspaceId,
        channel: "email" as const,
        to: o.email,
        subject,
        template: "domain.broken",
        meta: { hostname: p.hostname },
        text: [...paragraphs, url].join("\n\n"),
        html: emailLayout({ title: subject, paragraphs, button: { label: "Open domain set-up", url } }),
      };
    }),
  );
}

/** "Check now" / "Update domain": checks the domain and its redirect companion at once. */
export async function checkDomainNow(ctx: OpsCtx, raw: DomainIdInput, dns: DnsOptions = {}) {
  const { id } = domainIdSchema.parse(raw);
  const [d] = await ctx.db
    .select({ id: domains.id, redirectToId: domains.redirectToId })
    .from(domains)
    .where(and(eq(domains.workspaceId, ctx.workspace.id), eq(domains.id, id)));
  if (!d) throw new AppError("NOT_FOUND", undefined, "That domain does not exist in this workspace. Reload the page.");
  const mainId = d.redirectToId ?? d.id;
  const companions = await ctx.db.select({ id: domains.id }).from(domains).where(and(eq(domains.workspaceId, ctx.workspace.id), eq(domains.redirectToId, mainId)));
  // The partner first: a companion's ownership is its partner's status.
  const results = [];
  for (const target of [mainId, ...companions.map((c) => c.id)]) {
    const r = await checkDomainById(ctx.db, target, dns);
    if (r) results.push(r);
  }
  const main = results[0];
  if (main && main.before !== main.after.status) {
    await audit(ctx.db, ctx, {
      action: "domain.status",
      targetType: "domain",
      targetId: main.id,
      summary: `${main.hostname}: ${main.before} → ${main.after.status}`,
      data: { lastError: main.after.lastError },
    });
  }
  return results.map((r) => ({ id: r.id, hostname: r.hostname, status: r.after.status, lastError: r.after.lastError, checkedAt: r.checkedAt.toISOString() }));
}

/**
 * The scheduler's sweep: deletes pending claims older than 14 days (never verified; their workspaces may add them
 * again), then claims up to `limit` due domains (FOR UPDATE SKIP LOCKED, leased for five minutes so a crashed
 * sweep's domains come back) and checks them a few at a time. Partners go before their companions.
 */
export async function recheckDueDomains(db: Db, p: { limit?: number; concurrency?: number; dns?: DnsOptions } = {}) {
  const limit = p.limit ?? 50;
  const now = new Date();
  await expirePendingClaims(db, now);
  const rows = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: domains.id, redirectToId: domains.redirectToId })
      .from(domains)
      .where(or(isNull(domains.nextCheckAt), lte(domains.nextCheckAt, now)))
      .orderBy(sql`${domains.redirectToId} nulls first`, sql`${domains.nextCheckAt} nulls first`)
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length > 0) await tx.update(domains).set({ nextCheckAt: new Date(now.getTime() + 5 * 60_000) }).where(inArray(domains.id, due.map((d) => d.id)));
    return due;
  });
  const ordered = [...rows.filter((r) => !r.redirectToId), ...rows.filter((r) => r.redirectToId)];
  const queue = [...ordered];
  const done: CheckOutcome[] = [];
  await Promise.all(
    Array.from({ length: Math.min(p.concurrency ?? 5, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          const r = await checkDomainById(db, next.id, p.dns);
          if (r) done.push(r);
        } catch (e) {
          console.error("[domains] check failed", next.id, e);
        }
      }
    }),
  );
  return done;
}
