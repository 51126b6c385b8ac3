import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { OpsCtx } from "@/lib/ops-context";
import { roleLabels } from "@/lib/auth/roles";
import { audit } from "@/lib/audit";
import { memberships } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { assertCanManage, lockOwnersAndTarget, memberEmail } from "./guards";

export const removeMemberSchema = z.object({
  membershipId: z.string().uuid("That member does not exist."),
});
export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;

/**
 * Removes a member, or lets any member leave: admins remove admin and marketing members, only owners remove an
 * owner, and the last owner can do neither (owner rows are locked, so concurrent removals cannot race past it).
 * The actor's role is the one in the database inside the transaction (their row is locked too), not `ctx.role`.
 */
export async function removeMember(ctx: OpsCtx, raw: RemoveMemberInput) {
  const input = removeMemberSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const { actorRole, target, owners } = await lockOwnersAndTarget(tx, ctx, input.membershipId);
    if (!target) throw new AppError("NOT_FOUND", undefined, "That member is no longer in this workspace. Reload the page.");
    const self = target.userId === ctx.user.id;
    if (!self) assertCanManage(actorRole, [target.role]);
    if (target.role === "owner" && owners <= 1) {
      throw new AppError(
        "LAST_OWNER",
        undefined,
        self ? "You are the only owner. Make another member an owner before you leave." : undefined,
      );
    }

    await tx.delete(memberships).where(and(eq(memberships.id, target.id), eq(memberships.workspaceId, ctx.workspace.id)));
    const email = self ? ctx.user.email : await memberEmail(tx, target.userId);
    await audit(tx, ctx, {
      action: "member.remove",
      targetType: "member",
      targetId: target.userId,
      summary: self ? `${email} left the workspace` : `Removed ${email ?? "a member"} (${roleLabels[target.role]})`,
      data: { email, role: target.role, self },
    });
    return { membershipId: target.id, self };
  });
}
