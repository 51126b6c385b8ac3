import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { OpsCtx } from "@/lib/ops-context";
import { audit } from "@/lib/audit";
import { portalUsers } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { revokeAccessLinks } from "./access-links";
import { revokeUserSessions } from "./sessions";

export const revokeAccessSchema = z.object({ portalUserId: z.uuid("That portal user does not exist.") });

/**
 * "Revoke access": the portal user becomes revoked, every link they hold stops working and every session ends, in
 * one transaction, so nothing they have open keeps working a moment longer.
 */
export async function revokeAccess(ctx: OpsCtx, input: z.infer<typeof revokeAccessSchema>) {
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .update(portalUsers)
      .set({ status: "revoked", revokedAt: now })
      .where(and(eq(portalUsers.id, input.portalUserId), eq(portalUsers.workspaceId, ctx.workspace.id), ne(portalUsers.status, "revoked")))
      .returning({ id: portalUsers.id });
    if (!user) {
      const [exists] = await tx
        .select({ id: portalUsers.id })
        .from(portalUsers)
        .where(and(eq(portalUsers.id, input.portalUserId), eq(portalUsers.workspaceId, ctx.workspace.id)));
      if (!exists) throw new AppError("NOT_FOUND");
      return { revoked: false, links: 0, sessions: 0 }; // already revoked: nothing more to do
    }
    const links = await revokeAccessLinks(tx, { workspaceId: ctx.workspace.id, portalUserId: user.id, now });
    const sessions = await revokeUserSessions(tx, { workspaceId: ctx.workspace.id, portalUserId: user.id, now });
    await audit(tx, ctx, {
      action: "portal_user.revoke",
      targetType: "portal_user",
      targetId: user.id,
      summary: `Revoked portal access (${links} link${links === 1 ? "" : "s"}, ${sessions} session${sessions === 1 ? "" : "s"} ended)`,
    });
    return { revoked: true, links, sessions };
  });
}
