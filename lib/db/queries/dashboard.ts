import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contacts, domains, domainStatusEnum, memberInvitations, memberships, portalUsers } from "@/lib/db/schema";

export type DashboardCounts = {
  contacts: number;
  members: number;
  pendingInvitations: number;
  portalInvited: number;
  portalJoined: number;
};

/** The dashboard's numbers in one round trip; each count is filtered by the workspace and served by its index. */
export async function getDashboardCounts(db: DbOrTx, p: { workspaceId: string }): Promise<DashboardCounts> {
  const w = p.workspaceId;
  const [row] = await db
    .select({
      contacts: sql<number>`(select count(*) from ${contacts} where ${contacts.workspaceId} = ${w})`.mapWith(Number),
      members: sql<number>`(select count(*) from ${memberships} where ${memberships.workspaceId} = ${w})`.mapWith(Number),
      pendingInvitations: sql<number>`(select count(*) from ${memberInvitations} where ${memberInvitations.workspaceId} = ${w} and ${memberInvitations.acceptedAt} is null and ${memberInvitations.expiresAt} > now())`.mapWith(Number),
      portalInvited: sql<number>`(select count(*) from ${portalUsers} where ${portalUsers.workspaceId} = ${w} and ${portalUsers.status} = 'invited')`.mapWith(Number),
      portalJoined: sql<number>`(select count(*) from ${portalUsers} where ${portalUsers.workspaceId} = ${w} and ${portalUsers.status} = 'joined')`.mapWith(Number),
    })
    .from(sql`(select 1) as one`);
  return row;
}

/** The workspace's primary custom domain if it is in the given state (callers pass lib/domains' LINKED_STATUS). */
export async function getPrimaryDomain(db: DbOrTx, p: { workspaceId: string; status: (typeof domainStatusEnum.enumValues)[number] }) {
  const res = await db
    .select({ hostname: domains.hostname })
    .from(domains)
    .where(and(eq(domains.workspaceId, p.workspaceId), eq(domains.isPrimary, true), eq(domains.status, p.status)))
    .limit(1);
  return res[0]?.hostname ?? null;
}
