import "server-only";
// The one rule for which shared files a client may reach (pages, downloads, previews, the home page, notifications
// all use it). A team file is seen by its own audience and its folder's: a contact named there, or every portal user
// of a named user type (a user without a type counts as the workspace's default type), read at access time so a
// type's new members see what was shared with the type before they joined. A client's own upload is seen by that
// client (and the team) only. Removed files and revoked users see nothing.
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { sharedFiles } from "@/lib/db/schema";

/** An audience row `a` names this viewer: their contact, or their user type (given as a scalar subquery/expression). */
function audienceNames(contactId: SQL | string, typeId: SQL): SQL {
  return sql`(a.contact_id = ${contactId} or a.user_type_id = (${typeId}))`;
}

/** SQL condition on `shared_files`: visible to this contact in this workspace. */
export function sharedFileVisibleTo(p: { workspaceId: string; contactId: string }): SQL {
  return sql`(
    ${sharedFiles.workspaceId} = ${p.workspaceId}
    and ${sharedFiles.deletedAt} is null
    and (
      ${sharedFiles.uploadedByContactId} = ${p.contactId}
      or (${sharedFiles.uploadedByContactId} is null and exists (
        select 1 from shared_audiences a
        where a.workspace_id = ${p.workspaceId}
          and (a.file_id = ${sharedFiles.id} or (${sharedFiles.folderId} is not null and a.folder_id = ${sharedFiles.folderId}))
          and ${audienceNames(p.contactId, viewerTypeId(p))}
      ))
    )
  )`;
}

/** The contact's portal user type id (the default type when they have none), or null when not a live portal user. */
export function viewerTypeId(p: { workspaceId: string; contactId: string }): SQL {
  return sql`select coalesce(pu.user_type_id, (select t.id from portal_user_types t where t.workspace_id = ${p.workspaceId} and t.is_default limit 1))
    from portal_users pu where pu.workspace_id = ${p.workspaceId} and pu.contact_id = ${p.contactId} and pu.status <> 'revoked'`;
}

/** SQL condition on `shared_folders` (aliased as the table): the folder itself is shared with this contact. */
export function sharedFolderVisibleTo(p: { workspaceId: string; contactId: string }, folderIdColumn: SQL | unknown): SQL {
  return sql`exists (
    select 1 from shared_audiences a
    where a.workspace_id = ${p.workspaceId} and a.folder_id = ${folderIdColumn}
      and ${audienceNames(p.contactId, viewerTypeId(p))}
  )`;
}

/**
 * The same rule for many viewers at once, as a condition on a live portal user aliased `pu` (for set-based work such
 * as queuing notices to every member of a user type in one statement): the team file `fileId` in `folderId`, or the
 * folder `folderId` itself when no file is given, is already shared with that user.
 */
export function sharedWithPortalUser(p: { workspaceId: string; fileId?: string | null; folderId?: string | null }): SQL {
  const puType = sql`coalesce(pu.user_type_id, (select t.id from portal_user_types t where t.workspace_id = ${p.workspaceId} and t.is_default limit 1))`;
  const target = p.fileId
    ? p.folderId
      ? sql`(a.file_id = ${p.fileId} or a.folder_id = ${p.folderId})`
      : sql`a.file_id = ${p.fileId}`
    : sql`a.folder_id = ${p.folderId ?? null}`;
  return sql`exists (
    select 1 from shared_audiences a
    where a.workspace_id = ${p.workspaceId} and ${target}
      and ${audienceNames(sql`pu.contact_id`, puType)}
  )`;
}

export type VisibleSharedFile = {
  id: string;
  folderId: string | null;
  name: string;
  note: string | null;
  contentType: string;
  size: number;
  storageKey: string;
  uploadedByContactId: string | null;
  createdAt: Date;
};

/** One file, if this client may reach it; null otherwise (a guessed or another client's id reads as not found). */
export async function visibleSharedFile(db: DbOrTx, p: { workspaceId: string; contactId: string; fileId: string }): Promise<VisibleSharedFile | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p.fileId)) return null;
  const [row] = await db
    .select({
      id: sharedFiles.id,
      folderId: sharedFiles.folderId,
      name: sharedFiles.name,
      note: sharedFiles.note,
      contentType: sharedFiles.contentType,
      size: sharedFiles.size,
      storageKey: sharedFiles.storageKey,
      uploadedByContactId: sharedFiles.uploadedByContactId,
      createdAt: sharedFiles.createdAt,
    })
    .from(sharedFiles)
    .where(and(eq(sharedFiles.id, p.fileId), eq(sharedFiles.workspaceId, p.workspaceId), isNull(sharedFiles.deletedAt), sharedFileVisibleTo(p)));
  return row ?? null;
}
