import "server-only";
import { and, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { opportunityApplicants } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { contactName, demotePrimary, lockOpportunity } from "./applicants";
import type { ChangeApplicantRoleInput } from "./change-applicant-role.schema";

export { changeApplicantRoleSchema, type ChangeApplicantRoleInput } from "./change-applicant-role.schema";

/** Changes an applicant's role; making someone primary demotes the previous primary in the same transaction. */
export async function changeApplicantRole(ctx: OpsCtx, input: ChangeApplicantRoleInput): Promise<{ id: string; opportunityId: string; demoted: string[] }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const find = () =>
      tx
        .select({ id: opportunityApplicants.id, opportunityId: opportunityApplicants.opportunityId, contactId: opportunityApplicants.contactId, role: opportunityApplicants.role })
        .from(opportunityApplicants)
        .where(and(eq(opportunityApplicants.id, input.applicantId), eq(opportunityApplicants.workspaceId, ws)))
        .limit(1);
    const [seen] = await find();
    if (!seen) throw new AppError("NOT_FOUND", undefined, "That applicant is no longer on this opportunity. Reload the page.");
    const opp = await lockOpportunity(tx, ws, seen.opportunityId);
    // Read again under the lock: another admin may have removed the applicant or changed the role meanwhile.
    const [a] = await find();
    if (!a) throw new AppError("NOT_FOUND", undefined, "That applicant is no longer on this opportunity. Reload the page.");
    if (a.role === input.role) return { id: a.id, opportunityId: opp.id, demoted: [] };
    const demoted = input.role === "primary" ? await demotePrimary(tx, ws, opp.id, a.id) : [];
    await tx.update(opportunityApplicants).set({ role: input.role }).where(and(eq(opportunityApplicants.id, a.id), eq(opportunityApplicants.workspaceId, ws)));
    const name = await contactName(tx, ws, a.contactId);
    await audit(tx, ctx, {
      action: "opportunity.applicant_role",
      targetType: "opportunity",
      targetId: opp.id,
      summary: `Changed ${name} on ${opp.name} from ${a.role} to ${input.role}`,
      data: { contactId: a.contactId, from: a.role, to: input.role, demoted },
    });
    return { id: a.id, opportunityId: opp.id, demoted };
  });
}
