import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { senderIds, smsTemplates } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";

export const removeSenderIdSchema = z.object({ id: z.uuid("That sender ID does not exist. Reload the page.") });
export type RemoveSenderIdInput = z.infer<typeof removeSenderIdSchema>;

/** Removes a sender ID no SMS template goes out under (a mapped template would otherwise stop matching its header). */
export async function removeSenderId(ctx: OpsCtx, raw: RemoveSenderIdInput): Promise<{ senderId: string }> {
  const { id } = removeSenderIdSchema.parse(raw);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ senderId: senderIds.senderId }).from(senderIds).where(and(eq(senderIds.workspaceId, w), eq(senderIds.id, id))).for("update");
    if (!row) throw new AppError("NOT_FOUND");
    // Saving a mapping reads the header under the same row lock (FOR SHARE), so the two cannot cross.
    const [used] = await tx.select({ kind: smsTemplates.kind }).from(smsTemplates).where(and(eq(smsTemplates.workspaceId, w), eq(smsTemplates.senderId, row.senderId))).limit(1);
    if (used) throw new AppError("SENDER_ID_IN_USE");
    await tx.delete(senderIds).where(and(eq(senderIds.workspaceId, w), eq(senderIds.id, id)));
    await audit(tx, ctx, { action: "sms.sender_id.remove", targetType: "sender_id", targetId: id, summary: `Removed the sender ID ${row.senderId}`, data: { senderId: row.senderId } });
    return row;
  });
}
