import "server-only";
import type { AdminCtx } from "@/lib/auth/admin-context";
import type { DbOrTx } from "@/lib/db";
import { auditEvents } from "@/lib/db/schema";

/** Records an admin action; pass the action's transaction so the record and the change commit together. */
/** Who acts: an admin, or an API key (id null or its creator, email naming the key). */
export type Actor = Pick<AdminCtx, "workspace" | "ip" | "userAgent"> & { user: { id: string | null; email: string } };

export async function audit(
  tx: DbOrTx,
  ctx: Actor,
  e: { action: string; targetType?: string; targetId?: string; summary?: string; data?: Record<string, unknown> },
) {
  await tx.insert(auditEvents).values({
    workspaceId: ctx.workspace.id,
    actorUserId: ctx.user.id,
    actorEmail: ctx.user.email,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    summary: e.summary,
    data: e.data,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
}
