import "server-only";
import { and, eq, gt, isNull, lte, sql } from "drizzle-orm";
import type { OpsCtx } from "@/lib/ops-context";
import { roleLabels } from "@/lib/auth/roles";
import { audit } from "@/lib/audit";
import { memberInvitations, memberships, users } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError, uniqueViolation } from "@/lib/errors";
import { emailLayout } from "@/lib/messaging/email/layout";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import { assertCanManage, lockActor } from "./guards";
import { INVITATION_DAYS, inviteMemberSchema, type InviteMemberInput } from "./invite-member-schema";

export { inviteMemberSchema, type InviteMemberInput };

const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, " ").trim();

/**
 * Invites a person to the workspace: the invitation row, its email (in the outbox) and the audit record commit
 * together, so nobody is invited without being told and no email goes out for an invitation that does not exist.
 * An expired, never-accepted invitation for the same address is replaced; a live one is an error (revoke it first).
 */
export async function inviteMember(ctx: OpsCtx, raw: InviteMemberInput) {
  const input = inviteMemberSchema.parse(raw);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000);
  const inviter = oneLine(ctx.user.name || ctx.user.email);
  const workspaceName = oneLine(ctx.workspace.name);
  const url = `${env.appUrl}/sign-in?callbackUrl=${encodeURIComponent(`/w/${ctx.workspace.slug}`)}`;
  const subject = `${inviter} invited you to ${workspaceName} on Client Portal`;
  const role = roleLabels[input.role];
  // "9 December 2026" (UTC): a date people read, not an HTTP header's "Wed, 09 Dec 2026 04:23:39 GMT".
  const until = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(expiresAt);

  try {
    const invitation = await ctx.db.transaction(async (tx) => {
      // The actor's current role, locked until commit, so an inviter demoted or removed since the request began
      // (or while this runs) cannot invite with the role they used to have.
      assertCanManage(await lockActor(tx, ctx), [input.role]);

      const [member] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.workspaceId, ctx.workspace.id), sql`lower(${users.email}) = ${input.email}`))
        .limit(1);
      if (member) throw new AppError("MEMBER_ALREADY_EXISTS", "email");

      const pendingForAddress = and(
        eq(memberInvitations.workspaceId, ctx.workspace.id),
        sql`lower(${memberInvitations.email}) = ${input.email}`,
        isNull(memberInvitations.acceptedAt),
      );
      await tx.delete(memberInvitations).where(and(pendingForAddress, lte(memberInvitations.expiresAt, now)));
      const [pending] = await tx
        .select({ id: memberInvitations.id })
        .from(memberInvitations)
        .where(and(pendingForAddress, gt(memberInvitations.expiresAt, now)))
        .limit(1);
      if (pending) throw new AppError("INVITATION_PENDING", "email");

      const [row] = await tx
        .insert(memberInvitations)
        .values({ workspaceId: ctx.workspace.id, email: input.email, role: input.role, invitedBy: ctx.user.id, expiresAt })
        .returning({ id: memberInvitations.id, email: memberInvitations.email, role: memberInvitations.role, expiresAt: memberInvitations.expiresAt });

      await enqueueMessages(tx, [
        {
          workspaceId: ctx.workspace.id,
          channel: "email",
          to: input.email,
          subject,
          template: "member.invitation",
          meta: { invitationId: row.id },
          text: [
            `${inviter} invited you to join ${workspaceName} on Client Portal as ${role}.`,
            `Sign in with this address (${input.email}) to accept:`,
            url,
            `The invitation expires on ${until}. If you did not expect it, ignore this email.`,
          ].join("\n\n"),
          html: emailLayout({
            title: `Join ${workspaceName} on Client Portal`,
            paragraphs: [
              `${inviter} invited you to join ${workspaceName} as ${role}.`,
              `Sign in with this address (${input.email}) to accept. No password needed: we email you a sign-in link.`,
            ],
            button: { label: "Sign in to accept", url },
            footer: `The invitation expires on ${until}. If you did not expect it, you can ignore this email.`,
          }),
        },
      ]);

      await audit(tx, ctx, {
        action: "member.invite",
        targetType: "invitation",
        targetId: row.id,
        summary: `Invited ${input.email} as ${role}`,
        data: { email: input.email, role: input.role, expiresAt: expiresAt.toISOString() },
      });
      return row;
    });
    kickOutbox();
    return invitation;
  } catch (e) {
    // Two invitations racing for one address: the partial unique index lets only one in.
    if (uniqueViolation(e) !== null) throw new AppError("INVITATION_PENDING", "email");
    throw e;
  }
}
