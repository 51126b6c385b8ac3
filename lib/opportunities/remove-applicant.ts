import "server-only";
import { and, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { opportunityApplicants } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { contactName, lockOpportunity } from "./applicants";
import type { RemoveApplicantInput } from "./remove-applicant.schema";

export { removeApplicantSchema, type RemoveApplicantInput } from "./remove-applicant.schema";

/**
 * Takes a contact off an opportunity. The contact stays; from now on they cannot see this opportunity's requests
 * (lib/client-centre/access.ts checks applicant rows on every read). Their past answers stay for the admin.
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
    const name = await contactName(tx, ws, row.contactId);
    await audit(tx, ctx, {
      action: "opportunity.applicant_remove",
      targetType: "opportunity",
      targetId: opp.id,
      summary: `Removed ${name} from ${opp.name}`,
      data: { contactId: row.contactId, role: row.role },
    });
    return { id: row.id, opportunityId: opp.id };
  });
}
