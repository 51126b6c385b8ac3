import "server-only";
// What the hub-notices sender reads to decide whether a due notice still matters and where it goes. Every read is
// scoped by workspace and recipient, so a notice can never word or link anything of another client.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contacts, contracts, contractSigners, memberships, portalUsers, portalUserTypes, sharedFiles, sharedFolders, users, workspaces, type Role } from "@/lib/db/schema";
import { rowsOf } from "@/lib/db/rows";
import { clientUnreadMessages } from "./conversations";
import { sharedFileVisibleTo, sharedFolderVisibleTo } from "./shared-file-access";

export type NoticeClient = {
  contactId: string;
  portalUserId: string | null;
  status: "invited" | "joined" | "revoked" | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  preference: "email" | "phone";
};

/** The client a notice is for, with their portal status and the channel their user type reaches them on. */
export async function noticeClient(db: DbOrTx, p: { workspaceId: string; contactId: string }): Promise<NoticeClient | null> {
  const defaultPreference = sql<"email" | "phone" | null>`(select t.invitation_preference from portal_user_types t where t.workspace_id = ${p.workspaceId} and t.is_default limit 1)`;
  const [row] = await db
    .select({
      contactId: contacts.id,
      portalUserId: portalUsers.id,
      status: portalUsers.status,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      preference: sql<"email" | "phone" | null>`coalesce(${portalUserTypes.invitationPreference}, ${defaultPreference})`,
    })
    .from(contacts)
    .leftJoin(portalUsers, and(eq(portalUsers.contactId, contacts.id), eq(portalUsers.workspaceId, contacts.workspaceId)))
    .leftJoin(portalUserTypes, and(eq(portalUserTypes.id, portalUsers.userTypeId), eq(portalUserTypes.workspaceId, contacts.workspaceId)))
    .where(and(eq(contacts.id, p.contactId), eq(contacts.workspaceId, p.workspaceId)))
    .limit(1);
  if (!row) return null;
  return { ...row, firstName: row.firstName ?? "", lastName: row.lastName ?? "", preference: row.preference ?? "email" };
}

/** A team member of the workspace (null when they left it), with their role and address. */
export async function noticeMember(db: DbOrTx, p: { workspaceId: string; userId: string }): Promise<{ email: string; name: string | null; role: Role } | null> {
  const [row] = await db
    .select({ email: users.email, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, p.workspaceId), eq(memberships.userId, p.userId)))
    .limit(1);
  return row ?? null;
}

export async function noticeWorkspace(db: DbOrTx, p: { workspaceId: string }) {
  const [ws] = await db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, branding: workspaces.branding })
    .from(workspaces)
    .where(eq(workspaces.id, p.workspaceId));
  return ws ?? null;
}

/**
 * Which of these shared files (or folders: sharing a folder names the folder) the client can still see, by the one
 * access rule; a folder's name is marked as one.
 */
export async function stillVisibleFiles(db: DbOrTx, p: { workspaceId: string; contactId: string; fileIds: string[] }): Promise<{ id: string; name: string }[]> {
  const ids = p.fileIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return [];
  const [files, folders] = await Promise.all([
    db.select({ id: sharedFiles.id, name: sharedFiles.name }).from(sharedFiles).where(and(inArray(sharedFiles.id, ids), sharedFileVisibleTo(p))),
    db
      .select({ id: sharedFolders.id, name: sharedFolders.name })
      .from(sharedFolders)
      .where(and(inArray(sharedFolders.id, ids), eq(sharedFolders.workspaceId, p.workspaceId), sharedFolderVisibleTo(p, sharedFolders.id))),
  ]);
  return [...files, ...folders.map((f) => ({ id: f.id, name: `${f.name} (folder)` }))];
}

/**
 * The client's unread messages across their conversations (their own, and those of opportunities they applied to):
 * the team's messages, and other applicants', after their read mark. Bounded by the count's cap.
 */
export async function clientUnread(db: DbOrTx, p: { workspaceId: string; contactId: string }): Promise<{ count: number; conversations: number }> {
  const [row] = rowsOf<{ count: number; conversations: number }>(
    await db.execute(sql`
      select count(*)::int as count, count(distinct u.conversation_id)::int as conversations
      from (${clientUnreadMessages(p)}) u`),
  );
  return row ?? { count: 0, conversations: 0 };
}

/** A team member's unread client messages in conversations assigned to them or to nobody. */
export async function memberUnread(db: DbOrTx, p: { workspaceId: string; userId: string }): Promise<{ count: number; conversations: number; only: string | null }> {
  const [row] = rowsOf<{ count: number; conversations: number; only: string | null }>(
    await db.execute(sql`
      select count(*)::int as count, count(distinct c.id)::int as conversations, min(c.id::text) as only
      from conversations c
      left join conversation_reads r on r.conversation_id = c.id and r.user_id = ${p.userId}
      join conversation_messages m on m.conversation_id = c.id and m.seq > coalesce(r.last_read_seq, 0) and m.from_client
      where c.workspace_id = ${p.workspaceId}
        and c.last_client_seq > coalesce(r.last_read_seq, 0)
        and (c.assigned_user_id is null or c.assigned_user_id = ${p.userId})`),
  );
  return row ?? { count: 0, conversations: 0, only: null };
}

export type NoticeContract = { id: string; title: string; kind: "contract" | "proposal"; status: string; signerStatus: string | null };

/** These contracts as one client sees them: only those they are a signer of, drafts never. */
export async function clientContracts(db: DbOrTx, p: { workspaceId: string; contactId: string; contractIds: string[] }): Promise<NoticeContract[]> {
  const ids = p.contractIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return [];
  return db
    .select({ id: contracts.id, title: contracts.title, kind: contracts.kind, status: contracts.status, signerStatus: contractSigners.status })
    .from(contracts)
    .innerJoin(contractSigners, and(eq(contractSigners.contractId, contracts.id), eq(contractSigners.contactId, p.contactId), eq(contractSigners.workspaceId, contracts.workspaceId)))
    .where(and(eq(contracts.workspaceId, p.workspaceId), inArray(contracts.id, ids), sql`${contracts.status} <> 'draft'`));
}

/** These contracts of the workspace, for a team member's notice. */
export async function workspaceContracts(db: DbOrTx, p: { workspaceId: string; contractIds: string[] }): Promise<NoticeContract[]> {
  const ids = p.contractIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return [];
  return db
    .select({ id: contracts.id, title: contracts.title, kind: contracts.kind, status: contracts.status, signerStatus: sql<string | null>`null` })
    .from(contracts)
    .where(and(eq(contracts.workspaceId, p.workspaceId), inArray(contracts.id, ids)));
}
