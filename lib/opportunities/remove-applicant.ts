import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { accessLinks, opportunityApplicants, portalUsers, requests } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { contactName, lockOpportunity } from "./applicants";
import type { RemoveApplicantInput } from "./remove-applicant.schema";

export { removeApplicantSchema, type RemoveApplicantInput } from "./remove-applicant.schema";

/**
 * Takes a contact off an opportunity. The contact stays; from now on they cannot see this opportunity's requests
 * (lib/db/queries/client-centre-access.ts checks applicant rows on every read). Their past answers stay for the admin. Their
 * active Client Centre link for one of its requests stops working in the same transaction, so it cannot lead them
 * through a code to a page they may no longer see.
 */
export async function removeApplicant(ctx: OpsCtx, input: RemoveApplicantInput): Promise<{ id: string; opportunityId: string }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const [a] = await tx
      .select({ opportunityId: opportunityApplicants.opportunityId })
      .from(opportunityApplicants)
      .where(and(eq(opportunityApplicants.id, input.applicantId), eq(opportunityApplicants.workspaceId, ws)))
      .limit(1);
    if (!a) throw new AppError("NOT_FOUND", undefined, "That applicant is no longer on this opportunity. Reload the page.");
    const opp = await lockOpportunity(tx, ws, a.opportunityId);
    const [row] = await tx
      .delete(opportunityApplicants)
      .where(and(eq(opportunityApplicants.id, input.applicantId), eq(opportunityApplicants.workspaceId, ws)))
      .returning({ id: opportunityApplicants.id, contactId: opportunityApplicants.contactId, role: opportunityApplicants.role });
    if (!row) throw new AppError("NOT_FOUND", undefined, "That applicant is no longer on this opportunity. Reload the page.");
    const revoked = await tx
      .update(accessLinks)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(accessLinks.workspaceId, ws),
          isNull(accessLinks.revokedAt),
          eq(accessLinks.kind, "two_factor"),
          inArray(accessLinks.portalUserId, tx.select({ id: portalUsers.id }).from(portalUsers).where(and(eq(portalUsers.workspaceId, ws), eq(portalUsers.contactId, row.contactId)))),
          inArray(accessLinks.requestId, tx.select({ id: requests.id }).from(requests).where(and(eq(requests.workspaceId, ws), eq(requests.opportunityId, opp.id)))),
        ),
      )
      .returning({ id: accessLinks.id });
    const name = await contactName(tx, ws, row.contactId);
    await audit(tx, ctx, {
      action: "opportunity.applicant_remove",
      targetType: "opportunity",
      targetId: opp.id,
      summary: `Removed ${name} from ${opp.name}`,
      data: { contactId: row.contactId, role: row.role, linksRevoked: revoked.length },
    });
    return { id: row.id, opportunityId: opp.id };
  });
}
