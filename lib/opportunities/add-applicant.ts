import "server-only";
import { and, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { opportunityApplicants } from "@/lib/db/schema";
import { AppError, uniqueViolation } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import type { AddApplicantInput } from "./add-applicant.schema";
import { contactName, demotePrimary, lockOpportunity } from "./applicants";

export { addApplicantSchema, type AddApplicantInput } from "./add-applicant.schema";

/**
 * Adds a contact of the same workspace as an applicant. Adding a primary applicant demotes the previous one to
 * applicant in the same transaction, so an opportunity never has two.
 */
export async function addApplicant(ctx: OpsCtx, input: AddApplicantInput): Promise<{ id: string; opportunityId: string; demoted: string[] }> {
  const ws = ctx.workspace.id;
  try {
    return await ctx.db.transaction(async (tx) => {
      const opp = await lockOpportunity(tx, ws, input.opportunityId);
      const name = await contactName(tx, ws, input.contactId);
      const [already] = await tx
        .select({ id: opportunityApplicants.id })
        .from(opportunityApplicants)
        .where(and(eq(opportunityApplicants.opportunityId, opp.id), eq(opportunityApplicants.contactId, input.contactId)))
        .limit(1);
      if (already) throw new AppError("APPLICANT_ALREADY_ADDED");
      const demoted = input.role === "primary" ? await demotePrimary(tx, ws, opp.id) : [];
      const [row] = await tx
        .insert(opportunityApplicants)
        .values({ workspaceId: ws, opportunityId: opp.id, contactId: input.contactId, role: input.role })
        .returning({ id: opportunityApplicants.id });
      await audit(tx, ctx, {
        action: "opportunity.applicant_add",
        targetType: "opportunity",
        targetId: opp.id,
        summary: `Added ${name} to ${opp.name} as ${input.role}`,
        data: { contactId: input.contactId, role: input.role, demoted },
      });
      return { id: row.id, opportunityId: opp.id, demoted };
    });
  } catch (e) {
    // The unique index is the last word if two adds of the same contact slip past the check.
    if (uniqueViolation(e) === "opportunity_applicants_unique") throw new AppError("APPLICANT_ALREADY_ADDED");
    throw e;
  }
}
