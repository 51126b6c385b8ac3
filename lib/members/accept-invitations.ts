import "server-only";
import { and, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { roleLabels } from "@/lib/auth/roles";
import { auditEvents, memberInvitations, memberships } from "@/lib/db/schema";

/**
 * Turns the signed-in address's live invitations into memberships. Signing in proves control of the address,
 * which is all an invitation waits for. Each invitation is claimed by one conditional UPDATE, so two sign-ins at
 * once accept it once; an existing membership keeps its role. Safe to call on every sign-in.
 */
export async function acceptPendingInvitations(db: Db, p: { userId: string; email: string }) {
  const email = p.email.trim().toLowerCase();
  return db.transaction(async (tx) => {
    const now = new Date();
    const claimed = await tx
      .update(memberInvitations)
      .set({ acceptedAt: now })
      .where(
        and(
          sql`lower(${memberInvitations.email}) = ${email}`,
          isNull(memberInvitations.acceptedAt),
          gt(memberInvitations.expiresAt, now),
        ),
      )
      .returning({ id: memberInvitations.id, workspaceId: memberInvitations.workspaceId, role: memberInvitations.role });

    const joined: { workspaceId: string; role: (typeof claimed)[number]["role"] }[] = [];
    for (const inv of claimed) {
      const [m] = await tx
        .insert(memberships)
        .values({ workspaceId: inv.workspaceId, userId: p.userId, role: inv.role })
        .onConflictDoNothing({ target: [memberships.workspaceId, memberships.userId] })
        .returning({ id: memberships.id });
      if (!m) continue;
      joined.push({ workspaceId: inv.workspaceId, role: inv.role });
      await tx.insert(auditEvents).values({
        workspaceId: inv.workspaceId,
        actorUserId: p.userId,
        actorEmail: email,
        action: "member.join",
        targetType: "member",
        targetId: p.userId,
        summary: `${email} accepted the invitation as ${roleLabels[inv.role]}`,
        data: { invitationId: inv.id, role: inv.role },
      });
    }
    return joined;
  });
}

