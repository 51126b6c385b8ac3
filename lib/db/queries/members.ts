import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/lib/db";
import { memberInvitations, memberships, users } from "@/lib/db/schema";

/** The workspace's members, owners first, for the members page (visible to every role, so no client data here). */
export async function listMembers(db: DbOrTx, p: { workspaceId: string }) {
  return db
    .select({
      id: memberships.id,
      userId: memberships.userId,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, p.workspaceId))
    .orderBy(sql`case ${memberships.role} when 'owner' then 0 when 'admin' then 1 else 2 end`, asc(users.email));
}

const inviter = alias(users, "inviter");

/** Invitations not yet accepted, newest first; expired ones are listed too so they can be revoked or sent again. */
export async function listPendingInvitations(db: DbOrTx, p: { workspaceId: string }) {
  return db
    .select({
      id: memberInvitations.id,
      email: memberInvitations.email,
      role: memberInvitations.role,
      invitedAt: memberInvitations.createdAt,
      expiresAt: memberInvitations.expiresAt,
      invitedByEmail: inviter.email,
    })
    .from(memberInvitations)
    .leftJoin(inviter, eq(inviter.id, memberInvitations.invitedBy))
    .where(and(eq(memberInvitations.workspaceId, p.workspaceId), isNull(memberInvitations.acceptedAt)))
    .orderBy(sql`${memberInvitations.createdAt} desc`, sql`${memberInvitations.id} desc`);
}

export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];
export type InvitationRow = Awaited<ReturnType<typeof listPendingInvitations>>[number];
