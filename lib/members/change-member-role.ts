import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { OpsCtx } from "@/lib/ops-context";
import { roleLabels } from "@/lib/auth/roles";
import { audit } from "@/lib/audit";
import { memberships } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { assertCanManage, lockOwnersAndTarget, memberEmail } from "./guards";

export const changeMemberRoleSchema = z.object({
  membershipId: z.string().uuid("That member does not exist."),
  role: z.enum(["owner", "admin", "marketing"], { message: "Pick a role." }),
});
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleSchema>;

/**
 * Changes a member's role. Owner rows are locked first, so two owners demoting each other at the same moment
 * cannot leave the workspace without an owner: the second one waits, then sees it would be the last. The actor's
 * own row is locked with them and their role re-read, so an owner demoted since the request began cannot act as one.
 */
export async function changeMemberRole(ctx: OpsCtx, raw: ChangeMemberRoleInput) {
  const input = changeMemberRoleSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const { actorRole, target, owners } = await lockOwnersAndTarget(tx, ctx, input.membershipId);
    assertCanManage(actorRole, []);
    if (!target) throw new AppError("NOT_FOUND", undefined, "That member is no longer in this workspace. Reload the page.");
    assertCanManage(actorRole, [target.role, input.role]);
    if (target.role === input.role) return { membershipId: target.id, role: target.role, changed: false };
    if (target.role === "owner" && owners <= 1) throw new AppError("LAST_OWNER");

    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.id, target.id), eq(memberships.workspaceId, ctx.workspace.id)));
    const email = await memberEmail(tx, target.userId);
    await audit(tx, ctx, {
      action: "member.role_change",
      targetType: "member",
      targetId: target.userId,
      summary: `Changed ${email ?? "a member"} from ${roleLabels[target.role]} to ${roleLabels[input.role]}`,
      data: { email, from: target.role, to: input.role },
    });
    return { membershipId: target.id, role: input.role, changed: true };
  });
}
