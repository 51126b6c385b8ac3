import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { OpsCtx } from "@/lib/ops-context";
import { roleLabels } from "@/lib/auth/roles";
import { audit } from "@/lib/audit";
import { memberInvitations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { assertCanManage, lockActor } from "./guards";

export const revokeMemberInvitationSchema = z.object({
  invitationId: z.string().uuid("That invitation does not exist."),
});
export type RevokeMemberInvitationInput = z.infer<typeof revokeMemberInvitationSchema>;

/** Withdraws a pending invitation so signing in with that address no longer joins the workspace; the audit log keeps the record. */
export async function revokeMemberInvitation(ctx: OpsCtx, raw: RevokeMemberInvitationInput) {
  const input = revokeMemberInvitationSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    // The actor's current role, locked for the transaction: a demotion since the request began must count.
    const actorRole = await lockActor(tx, ctx);
    assertCanManage(actorRole, []);
    const [inv] = await tx
      .select({ id: memberInvitations.id, email: memberInvitations.email, role: memberInvitations.role })
      .from(memberInvitations)
      .where(
        and(
          eq(memberInvitations.id, input.invitationId),
          eq(memberInvitations.workspaceId, ctx.workspace.id),
          isNull(memberInvitations.acceptedAt),
        ),
      )
      .for("update");
    if (!inv) throw new AppError("NOT_FOUND", undefined, "That invitation was already accepted or revoked. Reload the page.");
    assertCanManage(actorRole, [inv.role]);

    await tx.delete(memberInvitations).where(and(eq(memberInvitations.id, inv.id), eq(memberInvitations.workspaceId, ctx.workspace.id)));
    await audit(tx, ctx, {
      action: "member.invitation_revoke",
      targetType: "invitation",
      targetId: inv.id,
      summary: `Revoked the invitation for ${inv.email} (${roleLabels[inv.role]})`,
      data: { email: inv.email, role: inv.role },
    });
    return { invitationId: inv.id };
  });
}
