import "server-only";
// Assigning a conversation to an owner or admin of the workspace (or to nobody). The assignee gets the notices of the
// conversation's client messages; marketing members never see client data, so they cannot be assigned.
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { conversations, memberships } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";

export const assignConversationSchema = z.object({
  conversationId: z.uuid(),
  // "" means unassigned (the form's first option).
  userId: z.string().max(200).transform((s) => s.trim() || null),
});

/** Sets or clears the assignee; another workspace's conversation or a non-admin member is NOT_FOUND. */
export async function assignConversation(ctx: OpsCtx, input: z.infer<typeof assignConversationSchema>): Promise<{ assignedUserId: string | null }> {
  return ctx.db.transaction(async (tx) => {
    if (input.userId) {
      const [m] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, input.userId), inArray(memberships.role, ["owner", "admin"])));
      if (!m) throw new AppError("NOT_FOUND", "userId");
    }
    const [row] = await tx
      .update(conversations)
      .set({ assignedUserId: input.userId, updatedAt: sql`clock_timestamp()` })
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)))
      .returning({ id: conversations.id });
    if (!row) throw new AppError("NOT_FOUND");
    await audit(tx, ctx, {
      action: input.userId ? "conversation.assign" : "conversation.unassign",
      targetType: "conversation",
      targetId: row.id,
      data: { assignedUserId: input.userId },
    });
    return { assignedUserId: input.userId };
  });
}
