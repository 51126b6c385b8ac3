import "server-only";
import { and, asc, eq, isNull, ne } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { publishChange, publishHostsChange } from "@/lib/changes/publish-change";
import { domains, workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { domainIdSchema, type DomainIdInput } from "./domain-schema";

/**
 * Removes a domain (and its redirect companion): the host stops being served at once, on every instance (a "hosts"
 * change). Removing the primary makes the oldest remaining domain primary.
 */
export async function removeDomain(ctx: OpsCtx, raw: DomainIdInput) {
  const { id } = domainIdSchema.parse(raw);
  const w = ctx.workspace.id;
  const out = await ctx.db.transaction(async (tx) => {
    await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, w)).for("no key update");
    const [row] = await tx
      .delete(domains)
      .where(and(eq(domains.workspaceId, w), eq(domains.id, id)))
      .returning({ id: domains.id, hostname: domains.hostname, isPrimary: domains.isPrimary });
    if (!row) throw new AppError("NOT_FOUND", undefined, "That domain does not exist in this workspace. Reload the page.");
    let newPrimary: string | null = null;
    if (row.isPrimary) {
      const [next] = await tx
        .select({ id: domains.id, hostname: domains.hostname })
        .from(domains)
        .where(and(eq(domains.workspaceId, w), isNull(domains.redirectToId), ne(domains.id, row.id)))
        .orderBy(asc(domains.createdAt), asc(domains.id)) // the order the Domains page names the successor in
        .limit(1);
      if (next) {
        await tx.update(domains).set({ isPrimary: true }).where(eq(domains.id, next.id));
        newPrimary = next.hostname;
      }
    }
    await audit(tx, ctx, {
      action: "domain.remove",
      targetType: "domain",
      targetId: row.id,
      summary: `Removed the domain ${row.hostname}${newPrimary ? `; ${newPrimary} is now primary` : ""}`,
      data: { hostname: row.hostname, newPrimary },
    });
    await publishHostsChange(tx, w);
    return { hostname: row.hostname, newPrimary };
  });
  return out;
}

/** Makes a domain the one links, the QR code and emails use (once it is active); one primary per workspace. */
export async function makePrimaryDomain(ctx: OpsCtx, raw: DomainIdInput) {
  const { id } = domainIdSchema.parse(raw);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, w)).for("no key update");
    const [row] = await tx
      .select({ id: domains.id, hostname: domains.hostname, isPrimary: domains.isPrimary, redirectToId: domains.redirectToId })
      .from(domains)
      .where(and(eq(domains.workspaceId, w), eq(domains.id, id)));
    if (!row) throw new AppError("NOT_FOUND", undefined, "That domain does not exist in this workspace. Reload the page.");
    if (row.redirectToId) throw new AppError("DOMAIN_IS_REDIRECT");
    if (row.isPrimary) return { hostname: row.hostname, changed: false };
    await tx.update(domains).set({ isPrimary: false }).where(and(eq(domains.workspaceId, w), eq(domains.isPrimary, true)));
    await tx.update(domains).set({ isPrimary: true }).where(eq(domains.id, row.id));
    await audit(tx, ctx, { action: "domain.make_primary", targetType: "domain", targetId: row.id, summary: `Made ${row.hostname} the primary portal domain` });
    await publishChange(tx, { kind: "workspace", workspaceId: w }); // the portal's own links name the primary host
    return { hostname: row.hostname, changed: true };
  });
}
