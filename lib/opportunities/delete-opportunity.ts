import "server-only";
import { and, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { opportunities } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import type { DeleteOpportunityInput } from "./delete-opportunity.schema";

export { deleteOpportunitySchema, type DeleteOpportunityInput } from "./delete-opportunity.schema";

/**
 * Deletes an opportunity of the caller's workspace; its applicants, requests, answers and document rows go with it
 * by cascade. The contacts stay.
 */
export async function deleteOpportunity(ctx: OpsCtx, input: DeleteOpportunityInput): Promise<{ id: string }> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(opportunities)
      .where(and(eq(opportunities.id, input.id), eq(opportunities.workspaceId, ctx.workspace.id)))
      .returning({ id: opportunities.id, name: opportunities.name });
    if (!row) throw new AppError("NOT_FOUND");
    await audit(tx, ctx, { action: "opportunity.delete", targetType: "opportunity", targetId: row.id, summary: `Deleted opportunity ${row.name}` });
    return { id: row.id };
  });
}
