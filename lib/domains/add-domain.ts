import "server-only";
import { randomBytes } from "node:crypto";
import { and, count, eq, isNull } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { publishHostsChange } from "@/lib/changes/publish-change";
import type { DbOrTx } from "@/lib/db";
import { domains, workspaces } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError, uniqueViolation } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { hostnameHeldElsewhere } from "./domain-claims";
import { addDomainSchema, type AddDomainInput } from "./domain-schema";
import { normalizeDomain } from "./normalize-domain";

export const MAX_DOMAINS = 10;

export type AddedDomain = { id: string; hostname: string; companion: { id: string; hostname: string } | null; companionSkipped: string | null };

/** What nobody may claim as a custom domain: this platform's own hosts. */
export function reservedHosts() {
  return { appHost: new URL(env.appUrl).hostname, portalRootDomain: env.portalRootDomain, cnameTarget: env.portalCnameTarget };
}

/** 32 hex characters: unguessable, and safe in any DNS provider's TXT field. */
const newToken = () => randomBytes(16).toString("hex");

/**
 * Adds a custom domain (pending until its DNS checks pass), optionally with its www/apex partner as a redirect.
 * A pending row is only a claim: several workspaces may claim one hostname, each with its own TXT token, and the
 * first to prove it takes the hostname (see checkDomainById). So only a hostname another workspace holds past pending
 * is refused, without saying whose; another workspace's pending claim is not mentioned at all (else anyone could
 * block a domain by claiming it first). The workspace's first domain becomes its primary (links use it once active).
 */
export async function addDomain(ctx: OpsCtx, raw: AddDomainInput): Promise<AddedDomain> {
  const input = addDomainSchema.parse(raw);
  const n = normalizeDomain(input.domain, reservedHosts());
  if (!n.ok) throw new AppError("DOMAIN_INVALID", "domain", n.message);
  if (n.kind === "apex" && env.portalARecords.length === 0) throw new AppError("DOMAIN_APEX_UNSUPPORTED", "domain");
  const w = ctx.workspace.id;
  try {
    const added = await ctx.db.transaction(async (tx) => {
      const [ws] = await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, w)).for("no key update");
      if (!ws) throw new AppError("WORKSPACE_NOT_FOUND");
      const [mine] = await tx.select({ n: count() }).from(domains).where(and(eq(domains.workspaceId, w), isNull(domains.redirectToId)));
      if (mine.n >= MAX_DOMAINS) throw new AppError("DOMAIN_LIMIT", "domain");
      const clash = await claimedBy(tx, w, n.hostname);
      if (clash) throw new AppError(clash === "here" ? "DOMAIN_ALREADY_ADDED" : "DOMAIN_TAKEN", "domain");
      const [primary] = await tx.select({ n: count() }).from(domains).where(and(eq(domains.workspaceId, w), eq(domains.isPrimary, true)));
      const token = newToken();
      const now = new Date();
      const [row] = await tx
        .insert(domains)
        .values({ workspaceId: w, hostname: n.hostname, kind: n.kind, verificationToken: token, isPrimary: primary.n === 0, nextCheckAt: now })
        .returning({ id: domains.id, hostname: domains.hostname });

      let companion: AddedDomain["companion"] = null;
      let companionSkipped: string | null = null;
      if (input.withCompanion && n.companion) {
        if (await claimedBy(tx, w, n.companion.hostname)) companionSkipped = `${n.companion.hostname} is already connected, so it was not added as a redirect.`;
        else if (n.companion.kind === "apex" && env.portalARecords.length === 0) companionSkipped = `${n.companion.hostname} needs A records, which this platform has not configured.`;
        else {
          [companion] = await tx
            .insert(domains)
            .values({ workspaceId: w, hostname: n.companion.hostname, kind: n.companion.kind, verificationToken: token, redirectToId: row.id, nextCheckAt: now })
            .returning({ id: domains.id, hostname: domains.hostname });
        }
      }
      await audit(tx, ctx, {
        action: "domain.add",
        targetType: "domain",
        targetId: row.id,
        summary: `Added the domain ${n.display}${companion ? ` (and ${companion.hostname}, redirecting to it)` : ""}`,
        data: { hostname: row.hostname, kind: n.kind, companion: companion?.hostname ?? null },
      });
      await publishHostsChange(tx, w);
      return { ...row, companion, companionSkipped };
    });
    return added;
  } catch (e) {
    // Adds in one workspace are serialised by its row lock and pending rows never meet the platform-wide index, so
    // this is only a backstop: (workspace, hostname) means "already added", anything else "taken".
    const constraint = uniqueViolation(e);
    if (constraint !== null) throw new AppError(constraint === "domains_workspace_hostname" ? "DOMAIN_ALREADY_ADDED" : "DOMAIN_TAKEN", "domain");
    throw e;
  }
}

/**
 * Who stands in the way of claiming `hostname`: "here" (this workspace already has it, in any state), "elsewhere"
 * (another workspace holds it past pending), or null. Other workspaces' pending claims do not count.
 */
async function claimedBy(tx: DbOrTx, workspaceId: string, hostname: string): Promise<"here" | "elsewhere" | null> {
  const [mine] = await tx.select({ id: domains.id }).from(domains).where(and(eq(domains.workspaceId, workspaceId), eq(domains.hostname, hostname)));
  if (mine) return "here";
  return (await hostnameHeldElsewhere(tx, workspaceId, hostname)) ? "elsewhere" : null;
}
