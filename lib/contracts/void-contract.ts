import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { contractEvents, contracts } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import type { VoidContractInput } from "./send-contract.schema";

export { voidContractSchema, type VoidContractInput } from "./send-contract.schema";

/**
 * The team withdraws a document before it is complete (a sent one, or a draft it no longer wants). One conditional
 * UPDATE decides, so a void racing the last signature either lands first (the signer then finds it closed) or finds
 * the contract completed and is refused (CONTRACT_CLOSED): never both.
 */
export async function voidContract(ctx: OpsCtx, input: VoidContractInput): Promise<{ id: string }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const at = now();
    const [row] = await tx
      .update(contracts)
      .set({ status: "voided", voidedAt: at, updatedAt: at })
      .where(and(eq(contracts.id, input.contractId), eq(contracts.workspaceId, ws), inArray(contracts.status, ["draft", "sent"])))
      .returning({ id: contracts.id, title: contracts.title });
    if (!row) {
      const [exists] = await tx.select({ id: contracts.id }).from(contracts).where(and(eq(contracts.id, input.contractId), eq(contracts.workspaceId, ws)));
      throw new AppError(exists ? "CONTRACT_CLOSED" : "NOT_FOUND");
    }
    await tx.insert(contractEvents).values({
      workspaceId: ws,
      contractId: row.id,
      kind: "voided",
      actorUserId: ctx.user.id,
      actorName: ctx.user.name || ctx.user.email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      detail: input.reason ? { reason: input.reason } : null,
    });
    await audit(tx, ctx, { action: "contract.void", targetType: "contract", targetId: row.id, summary: `Voided “${row.title}”`, data: input.reason ? { reason: input.reason } : undefined });
    return { id: row.id };
  });
}
