import "server-only";
// Reads for shared documents: the team's folders, files (keyset pages), a file's audience and activity, the portal
// user picker (keyset, searched, never the whole list), and the client's own view through the one access rule.
import { and, asc, count, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/lib/db";
import { contactSearchFilter } from "@/lib/db/queries/contacts";
import { contacts, portalUserTypes, portalUsers, sharedAudiences, sharedFileEvents, sharedFiles, sharedFolders, users } from "@/lib/db/schema";
import { sharedFileVisibleTo, sharedFolderVisibleTo } from "./shared-file-access";

const isUuid = (s: unknown): s is string => z.uuid().safeParse(s).success;

export type FileCursor = { at: string; id: string };
export const encodeFileCursor = (r: { createdAt: Date; id: string }) => Buffer.from(`${r.createdAt.toISOString()}|${r.id}`).toString("base64url");
export function decodeFileCursor(s: string | undefined | null): FileCursor | null {
  if (!s || s.length > 200) return null;
  const [at, id] = Buffer.from(s, "base64url").toString().split("|");
  return at && isUuid(id) && !Number.isNaN(Date.parse(at)) ? { at: new Date(at).toISOString(), id } : null;
}
const olderThan = (c: FileCursor | null): SQL | undefined => (c ? sql`(${sharedFiles.createdAt}, ${sharedFiles.id}) < (${c.at}::timestamptz, ${c.id}::uuid)` : undefined);

export type FolderRow = { id: string; name: string; clientUploads: boolean; files: number; audiences: number };

// An outer row's id for a subquery written straight into a select list: a single-table select writes
// `${sharedFolders.id}` there as a bare "id", which inside `from shared_files f` is f's own id (every folder read
// "0 files · not shared", and no file was ever "opened"). These name the outer table.
const FOLDER_ID = sql.raw(`"shared_folders"."id"`);
const FILE_ID = sql.raw(`"shared_files"."id"`);

/** The workspace's folders by name, with live file and audience counts. */
export async function listFolders(db: DbOrTx, p: { workspaceId: string }): Promise<FolderRow[]> {
  return db
    .select({
      id: sharedFolders.id,
      name: sharedFolders.name,
      clientUploads: sharedFolders.clientUploads,
      files: sql<number>`(select count(*)::int from shared_files f where f.workspace_id = ${p.workspaceId} and f.folder_id = ${FOLDER_ID} and f.deleted_at is null)`,
      audiences: sql<number>`(select count(*)::int from shared_audiences a where a.workspace_id = ${p.workspaceId} and a.folder_id = ${FOLDER_ID})`,
    })
    .from(sharedFolders)
    .where(eq(sharedFolders.workspaceId, p.workspaceId))
    .orderBy(asc(sql`lower(${sharedFolders.name})`), asc(sharedFolders.id))
    .limit(500);
}

export async function getFolder(db: DbOrTx, p: { workspaceId: string; folderId: string }) {
  if (!isUuid(p.folderId)) return null;
  const [f] = await db
    .select({ id: sharedFolders.id, name: sharedFolders.name, clientUploads: sharedFolders.clientUploads })
    .from(sharedFolders)
    .where(and(eq(sharedFolders.id, p.folderId), eq(sharedFolders.workspaceId, p.workspaceId)));
  return f ?? null;
}

export type TeamFileRow = {
  id: string;
  name: string;
  note: string | null;
  contentType: string;
  size: number;
  createdAt: Date;
  folderId: string | null;
  uploadedBy: { kind: "team"; name: string } | { kind: "client"; name: string; contactId: string };
  audiences: number;
  views: number;
};

const uploaderName = sql<string>`coalesce(nullif(trim(${contacts.firstName} || ' ' || coalesce(${contacts.lastName}, '')), ''), ${contacts.email}, ${contacts.phone}, ${users.name}, ${users.email}, 'Removed')`;

/** Live files in a folder (or the top level when folderId is null), newest first, a page at a time. */
export async function listTeamFiles(db: DbOrTx, p: { workspaceId: string; folderId: string | null; before?: FileCursor | null; limit: number }) {
  const rows = await db
    .select({
      id: sharedFiles.id,
      name: sharedFiles.name,
      note: sharedFiles.note,
      contentType: sharedFiles.contentType,
      size: sharedFiles.size,
      createdAt: sharedFiles.createdAt,
      folderId: sharedFiles.folderId,
      byContact: sharedFiles.uploadedByContactId,
      uploader: uploaderName,
      audiences: sql<number>`(select count(*)::int from shared_audiences a where a.workspace_id = ${p.workspaceId} and a.file_id = ${sharedFiles.id})`,
      views: sql<number>`(select count(*)::int from shared_file_events e where e.workspace_id = ${p.workspaceId} and e.file_id = ${sharedFiles.id})`,
    })
    .from(sharedFiles)
    .leftJoin(contacts, and(eq(contacts.id, sharedFiles.uploadedByContactId), eq(contacts.workspaceId, sharedFiles.workspaceId)))
    .leftJoin(users, eq(users.id, sharedFiles.uploadedByUserId))
    .where(
      and(
        eq(sharedFiles.workspaceId, p.workspaceId),
        isNull(sharedFiles.deletedAt),
        p.folderId ? eq(sharedFiles.folderId, p.folderId) : isNull(sharedFiles.folderId),
        olderThan(p.before ?? null),
      ),
    )
    .orderBy(desc(sharedFiles.createdAt), desc(sharedFiles.id))
    .limit(p.limit + 1);
  const page = rows.slice(0, p.limit).map(toTeamRow);
  return { rows: page, next: rows.length > p.limit ? encodeFileCursor(page[page.length - 1]) : null };
}

function toTeamRow(r: { id: string; name: string; note: string | null; contentType: string; size: number; createdAt: Date; folderId: string | null; byContact: string | null; uploader: string; audiences: number; views: number }): TeamFileRow {
  return {
    id: r.id,
    name: r.name,
    note: r.note,
    contentType: r.contentType,
    size: Number(r.size),
    createdAt: r.createdAt,
    folderId: r.folderId,
    uploadedBy: r.byContact ? { kind: "client", name: r.uploader, contactId: r.byContact } : { kind: "team", name: r.uploader },
    audiences: Number(r.audiences),
    views: Number(r.views),
  };
}

/** One live file of the workspace with its folder's name, for the team. */
export async function getTeamFile(db: DbOrTx, p: { workspaceId: string; fileId: string }) {
  if (!isUuid(p.fileId)) return null;
  const [r] = await db
    .select({
      id: sharedFiles.id,
      name: sharedFiles.name,
      note: sharedFiles.note,
      contentType: sharedFiles.contentType,
      size: sharedFiles.size,
      createdAt: sharedFiles.createdAt,
      folderId: sharedFiles.folderId,
      storageKey: sharedFiles.storageKey,
      folderName: sharedFolders.name,
      byContact: sharedFiles.uploadedByContactId,
      uploader: uploaderName,
      audiences: sql<number>`0`,
      views: sql<number>`0`,
    })
    .from(sharedFiles)
    .leftJoin(sharedFolders, and(eq(sharedFolders.id, sharedFiles.folderId), eq(sharedFolders.workspaceId, sharedFiles.workspaceId)))
    .leftJoin(contacts, and(eq(contacts.id, sharedFiles.uploadedByContactId), eq(contacts.workspaceId, sharedFiles.workspaceId)))
    .leftJoin(users, eq(users.id, sharedFiles.uploadedByUserId))
    .where(and(eq(sharedFiles.id, p.fileId), eq(sharedFiles.workspaceId, p.workspaceId), isNull(sharedFiles.deletedAt)));
  return r ? { ...toTeamRow(r), storageKey: r.storageKey, folderName: r.folderName } : null;
}

export type AudienceRow = { id: string; kind: "client" | "type"; name: string; detail: string | null; via: "file" | "folder" };

/** Who a file (its own audience and its folder's) or a folder is shared with. */
export async function listAudiences(db: DbOrTx, p: { workspaceId: string; fileId?: string | null; folderId?: string | null }): Promise<AudienceRow[]> {
  const on = or(p.fileId ? eq(sharedAudiences.fileId, p.fileId) : undefined, p.folderId ? eq(sharedAudiences.folderId, p.folderId) : undefined);
  if (!on) return [];
  const rows = await db
    .select({
      id: sharedAudiences.id,
      fileId: sharedAudiences.fileId,
      contactId: sharedAudiences.contactId,
      first: contacts.firstName,
      last: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      typeName: portalUserTypes.name,
    })
    .from(sharedAudiences)
    .leftJoin(contacts, and(eq(contacts.id, sharedAudiences.contactId), eq(contacts.workspaceId, sharedAudiences.workspaceId)))
    .leftJoin(portalUserTypes, and(eq(portalUserTypes.id, sharedAudiences.userTypeId), eq(portalUserTypes.workspaceId, sharedAudiences.workspaceId)))
    .where(and(eq(sharedAudiences.workspaceId, p.workspaceId), on))
    .orderBy(asc(sharedAudiences.createdAt), asc(sharedAudiences.id))
    .limit(1000);
  return rows.map((r) =>
    r.contactId
      ? { id: r.id, kind: "client" as const, name: `${r.first ?? ""} ${r.last ?? ""}`.trim() || r.email || r.phone || "Client", detail: r.email ?? r.phone, via: r.fileId ? ("file" as const) : ("folder" as const) }
      : { id: r.id, kind: "type" as const, name: r.typeName ?? "User type", detail: null, via: r.fileId ? ("file" as const) : ("folder" as const) },
  );
}

export type FileEventRow = { id: string; kind: "view" | "download"; at: Date; who: string; ip: string | null; userAgent: string | null };

/** Views and downloads of a file, newest first, a page at a time. */
export async function listFileEvents(db: DbOrTx, p: { workspaceId: string; fileId: string; before?: FileCursor | null; limit: number }) {
  const rows = await db
    .select({
      id: sharedFileEvents.id,
      kind: sharedFileEvents.kind,
      at: sharedFileEvents.createdAt,
      first: contacts.firstName,
      last: contacts.lastName,
      email: contacts.email,
      phone: contacts.phone,
      ip: sharedFileEvents.ip,
      userAgent: sharedFileEvents.userAgent,
    })
    .from(sharedFileEvents)
    .leftJoin(contacts, and(eq(contacts.id, sharedFileEvents.contactId), eq(contacts.workspaceId, sharedFileEvents.workspaceId)))
    .where(
      and(
        eq(sharedFileEvents.workspaceId, p.workspaceId),
        eq(sharedFileEvents.fileId, p.fileId),
        p.before ? sql`(${sharedFileEvents.createdAt}, ${sharedFileEvents.id}) < (${p.before.at}::timestamptz, ${p.before.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(sharedFileEvents.createdAt), desc(sharedFileEvents.id))
    .limit(p.limit + 1);
  const page: FileEventRow[] = rows.slice(0, p.limit).map((r) => ({
    id: r.id,
    kind: r.kind,
    at: r.at,
    who: `${r.first ?? ""} ${r.last ?? ""}`.trim() || r.email || r.phone || "Removed client",
    ip: r.ip,
    userAgent: r.userAgent,
  }));
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > p.limit && last ? encodeFileCursor({ createdAt: last.at, id: last.id }) : null };
}

export type PortalUserPick = { contactId: string; name: string; email: string | null; phone: string | null; type: string | null };

/** Live portal users in name order, searched by name, email or phone; `after` is the last row's (sortName, id). */
export async function searchPortalUsers(db: DbOrTx, p: { workspaceId: string; q?: string; after?: { name: string; id: string } | null; limit: number }) {
  const rows = await db
    .select({ contactId: contacts.id, sortName: contacts.sortName, first: contacts.firstName, last: contacts.lastName, email: contacts.email, phone: contacts.phone, type: portalUserTypes.name })
    .from(portalUsers)
    .innerJoin(contacts, and(eq(contacts.id, portalUsers.contactId), eq(contacts.workspaceId, portalUsers.workspaceId)))
    .leftJoin(portalUserTypes, and(eq(portalUserTypes.id, portalUsers.userTypeId), eq(portalUserTypes.workspaceId, portalUsers.workspaceId)))
    .where(
      and(
        eq(portalUsers.workspaceId, p.workspaceId),
        eq(contacts.workspaceId, p.workspaceId),
        sql`${portalUsers.status} <> 'revoked'`,
        contactSearchFilter(p.q),
        p.after ? sql`(${contacts.sortName}, ${contacts.id}) > (${p.after.name}, ${p.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(contacts.sortName), asc(contacts.id))
    .limit(p.limit + 1);
  const page = rows.slice(0, p.limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((r): PortalUserPick => ({ contactId: r.contactId, name: `${r.first ?? ""} ${r.last ?? ""}`.trim() || r.email || r.phone || "Client", email: r.email, phone: r.phone, type: r.type })),
    next: rows.length > p.limit && last ? { name: last.sortName, id: last.contactId } : null,
  };
}

/** The workspace's portal user types, for "share with every client of a type". */
export async function listUserTypeChoices(db: DbOrTx, p: { workspaceId: string }) {
  return db
    .select({ id: portalUserTypes.id, name: portalUserTypes.name, isDefault: portalUserTypes.isDefault })
    .from(portalUserTypes)
    .where(eq(portalUserTypes.workspaceId, p.workspaceId))
    .orderBy(asc(sql`lower(${portalUserTypes.name})`))
    .limit(200);
}

// ---------------------------------------------------------------------------------------------------------------
// The client's side: only what the access rule lets them reach.

export type ClientFolderRow = { id: string; name: string; clientUploads: boolean; files: number };

/** Folders shared with the client, and folders holding a file they can see, by name. */
export async function listClientFolders(db: DbOrTx, p: { workspaceId: string; contactId: string }): Promise<ClientFolderRow[]> {
  const visibleInFolder = sql`(select count(*)::int from shared_files where shared_files.workspace_id = ${p.workspaceId} and shared_files.folder_id = ${sharedFolders.id} and ${sharedFileVisibleTo(p)})`;
  const rows = await db
    .select({ id: sharedFolders.id, name: sharedFolders.name, clientUploads: sharedFolders.clientUploads, files: sql<number>`${visibleInFolder}`, shared: sql<boolean>`${sharedFolderVisibleTo(p, sharedFolders.id)}` })
    .from(sharedFolders)
    .where(and(eq(sharedFolders.workspaceId, p.workspaceId), sql`(${sharedFolderVisibleTo(p, sharedFolders.id)} or ${visibleInFolder} > 0)`))
    .orderBy(asc(sql`lower(${sharedFolders.name})`), asc(sharedFolders.id))
    .limit(500);
  // Uploads are offered only where the folder itself is shared with the client.
  return rows.map((r) => ({ id: r.id, name: r.name, clientUploads: r.clientUploads && r.shared, files: Number(r.files) }));
}

/** A folder the client may open (shared with them, or holding a file they can see), or null. */
export async function getClientFolder(db: DbOrTx, p: { workspaceId: string; contactId: string; folderId: string }): Promise<ClientFolderRow | null> {
  if (!isUuid(p.folderId)) return null;
  const rows = await listClientFolders(db, p);
  return rows.find((r) => r.id === p.folderId) ?? null;
}

export type ClientFileRow = { id: string; name: string; note: string | null; contentType: string; size: number; createdAt: Date; mine: boolean; folderId: string | null };

/** Files the client can see in a folder (or at the top level; or everywhere when `anyFolder`), newest first. */
export async function listClientFiles(db: DbOrTx, p: { workspaceId: string; contactId: string; folderId: string | null; anyFolder?: boolean; before?: FileCursor | null; limit: number }) {
  const rows = await db
    .select({
      id: sharedFiles.id,
      name: sharedFiles.name,
      note: sharedFiles.note,
      contentType: sharedFiles.contentType,
      size: sharedFiles.size,
      createdAt: sharedFiles.createdAt,
      folderId: sharedFiles.folderId,
      by: sharedFiles.uploadedByContactId,
    })
    .from(sharedFiles)
    .where(
      and(
        sharedFileVisibleTo(p),
        p.anyFolder ? undefined : p.folderId ? eq(sharedFiles.folderId, p.folderId) : isNull(sharedFiles.folderId),
        olderThan(p.before ?? null),
      ),
    )
    .orderBy(desc(sharedFiles.createdAt), desc(sharedFiles.id))
    .limit(p.limit + 1);
  const page: ClientFileRow[] = rows.slice(0, p.limit).map((r) => ({ ...r, size: Number(r.size), mine: r.by === p.contactId }));
  return { rows: page, next: rows.length > p.limit ? encodeFileCursor(page[page.length - 1]) : null };
}

/** For the contact page: what this contact can see and has uploaded (newest first), with when they last opened each. */
export async function listContactDocuments(db: DbOrTx, p: { workspaceId: string; contactId: string; limit: number }) {
  const rows = await db
    .select({
      id: sharedFiles.id,
      name: sharedFiles.name,
      size: sharedFiles.size,
      createdAt: sharedFiles.createdAt,
      by: sharedFiles.uploadedByContactId,
      lastOpened: sql<Date | null>`(select max(e.created_at) from shared_file_events e where e.workspace_id = ${p.workspaceId} and e.file_id = ${FILE_ID} and e.contact_id = ${p.contactId})`,
    })
    .from(sharedFiles)
    .where(sharedFileVisibleTo(p))
    .orderBy(desc(sharedFiles.createdAt), desc(sharedFiles.id))
    .limit(p.limit + 1);
  const total = rows.length > p.limit ? (await db.select({ n: count() }).from(sharedFiles).where(sharedFileVisibleTo(p)))[0]?.n ?? 0 : rows.length;
  return {
    rows: rows.slice(0, p.limit).map((r) => ({ id: r.id, name: r.name, size: Number(r.size), createdAt: r.createdAt, uploadedByClient: r.by === p.contactId, lastOpened: r.lastOpened ? new Date(r.lastOpened) : null })),
    total,
  };
}
