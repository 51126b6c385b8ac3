import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { opportunities } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { resolveOwner } from "./owner";
import type { UpdateOpportunityInput } from "./update-opportunity.schema";

export { updateOpportunitySchema, type UpdateOpportunityInput } from "./update-opportunity.schema";

/** Edits an opportunity of the caller's workspace (another workspace's id is NOT_FOUND); audits which fields changed. */
export async function updateOpportunity(ctx: OpsCtx, input: UpdateOpportunityInput): Promise<{ id: string; changed: string[] }> {
  const where = and(eq(opportunities.id, input.id), eq(opportunities.workspaceId, ctx.workspace.id));
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ name: opportunities.name, stage: opportunities.stage, valueCents: opportunities.valueCents, ownerUserId: opportunities.ownerUserId })
      .from(opportunities)
      .where(where)
      .for("update");
    if (!before) throw new AppError("NOT_FOUND");
    // A blank owner keeps the current one (an owner who left the workspace stays blank until someone picks one).
    const ownerUserId = input.ownerUserId ? await resolveOwner(tx, ctx, input.ownerUserId) : before.ownerUserId;
    const after = { name: input.name, stage: input.stage, valueCents: input.value, ownerUserId };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return { id: input.id, changed };
    await tx.update(opportunities).set({ ...after, updatedAt: sql`now()` }).where(where);
    await audit(tx, ctx, {
      action: "opportunity.update",
      targetType: "opportunity",
      targetId: input.id,
      summary: `Edited opportunity ${input.name}`,
      data: { changed },
    });
    return { id: input.id, changed };
  });
}
