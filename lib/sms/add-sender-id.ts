import "server-only";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { senderIds } from "@/lib/db/schema";
import { AppError, errorMessages, uniqueViolation } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { isValidSenderId, normaliseSenderId } from "./sender-id";

export const addSenderIdSchema = z.object({
  senderId: z
    .string()
    .max(40, errorMessages.SENDER_ID_INVALID)
    .refine(isValidSenderId, errorMessages.SENDER_ID_INVALID)
    .transform(normaliseSenderId),
  entityId: z
    .string()
    .trim()
    .transform((s) => s.replace(/^'/, ""))
    .refine((s) => s === "" || /^\d{10,25}$/.test(s), "The entity (PE) ID is the long number DLT gave your business, e.g. 1201160000000012345. Copy it as text, not from a spreadsheet cell that shows 1.2E+18.")
    .optional(),
});
export type AddSenderIdInput = z.input<typeof addSenderIdSchema>;

/** Registers a DLT header for the workspace, as DLT writes it (6 letters, upper case, without the handset's suffix). */
export async function addSenderId(ctx: OpsCtx, raw: AddSenderIdInput): Promise<{ id: string; senderId: string }> {
  const input = addSenderIdSchema.parse(raw);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(senderIds)
        .values({ workspaceId: ctx.workspace.id, senderId: input.senderId, entityId: input.entityId || null })
        .returning({ id: senderIds.id, senderId: senderIds.senderId });
      await audit(tx, ctx, { action: "sms.sender_id.add", targetType: "sender_id", targetId: row.id, summary: `Added the sender ID ${row.senderId}`, data: { senderId: row.senderId, entityId: input.entityId || null } });
      return row;
    });
  } catch (e) {
    if (uniqueViolation(e) !== null) throw new AppError("SENDER_ID_TAKEN", "senderId");
    throw e;
  }
}
