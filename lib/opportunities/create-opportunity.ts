import "server-only";
import { audit } from "@/lib/audit";
import { opportunities } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import type { CreateOpportunityInput } from "./create-opportunity.schema";
import { resolveOwner } from "./owner";

export { createOpportunitySchema, type CreateOpportunityInput } from "./create-opportunity.schema";

/** The workspace's currency; workspaces have no currency setting yet, so every amount is in rupees. */
export const WORKSPACE_CURRENCY = "INR";

/** Adds an opportunity owned by the chosen member (default: whoever creates it); audited in the same transaction. */
export async function createOpportunity(ctx: OpsCtx, input: CreateOpportunityInput): Promise<{ id: string }> {
  return ctx.db.transaction(async (tx) => {
    const ownerUserId = await resolveOwner(tx, ctx, input.ownerUserId);
    const [row] = await tx
      .insert(opportunities)
      .values({ workspaceId: ctx.workspace.id, name: input.name, stage: input.stage, valueCents: input.value, currency: WORKSPACE_CURRENCY, ownerUserId })
      .returning({ id: opportunities.id });
    await audit(tx, ctx, {
      action: "opportunity.create",
      targetType: "opportunity",
      targetId: row.id,
      summary: `Created opportunity ${input.name}`,
      data: { stage: input.stage, valueCents: input.value, ownerUserId },
    });
    return row;
  });
}
