import "server-only";
import type { DbOrTx } from "@/lib/db";
import { auditEvents } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";

/** Records an operation; pass the operation's transaction so the record and the change commit together. */
export async function audit(
  tx: DbOrTx,
  ctx: Pick<OpsCtx, "workspace" | "user" | "ip" | "userAgent">,
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
