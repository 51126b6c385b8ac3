import "server-only";
import { and, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { contracts, opportunities } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { lockDraftContract } from "./lock-draft-contract";
import type { UpdateContractInput } from "./update-contract.schema";

export { updateContractSchema, type UpdateContractInput } from "./update-contract.schema";

/** Changes a draft's title, kind, message, signing order or opportunity (CONTRACT_NOT_DRAFT once it was sent). */
export async function updateContract(ctx: OpsCtx, input: UpdateContractInput): Promise<{ id: string }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const c = await lockDraftContract(tx, ws, input.contractId);
    if (input.opportunityId) {
      const [opp] = await tx.select({ id: opportunities.id }).from(opportunities).where(and(eq(opportunities.id, input.opportunityId), eq(opportunities.workspaceId, ws)));
      if (!opp) throw new AppError("NOT_FOUND", "opportunityId", "That opportunity does not exist. Pick one from the list.");
    }
    await tx
      .update(contracts)
      .set({ title: input.title, kind: input.kind, message: input.message, signingOrder: input.signingOrder, opportunityId: input.opportunityId, updatedAt: now() })
      .where(and(eq(contracts.id, c.id), eq(contracts.workspaceId, ws)));
    await audit(tx, ctx, { action: "contract.update", targetType: "contract", targetId: c.id, summary: `Edited “${input.title}”` });
    return { id: c.id };
  });
}
