import "server-only";
// A client uploads a file into a folder they can see that takes uploads. The checks run before a byte of the body is
// read (a guessed or hidden folder costs nothing and answers like a missing one); the row is written in a transaction
// that re-checks the folder under a share lock, so closing the folder or revoking the share meanwhile refuses it.
// The upload is seen by this client and the team only (the access rule), and the team's list marks it new.
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db";
import { sharedFolderVisibleTo } from "@/lib/db/queries/shared-file-access";
import { sharedFiles, sharedFolders } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Limit } from "@/lib/rate-limit";
import { cleanFileName } from "@/lib/files/file-name";
import type { StoredObject } from "@/lib/files/storage";
import { discard, type UploadedSharedFile } from "./upload-shared-files";

export type ClientUploadTarget = { workspaceId: string; contactId: string; portalUserId: string; folderId: string };

/** NOT_FOUND unless the folder is shared with this client; HUB_UPLOADS_NOT_ALLOWED when it takes no uploads. */
export async function checkClientUploadFolder(db: DbOrTx, t: ClientUploadTarget, lock = false): Promise<{ name: string }> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t.folderId)) throw new AppError("NOT_FOUND");
  const q = db
    .select({ name: sharedFolders.name, clientUploads: sharedFolders.clientUploads })
    .from(sharedFolders)
    .where(and(eq(sharedFolders.id, t.folderId), eq(sharedFolders.workspaceId, t.workspaceId), sharedFolderVisibleTo(t, sharedFolders.id)));
  const [f] = lock ? await q.for("share") : await q;
  if (!f) throw new AppError("NOT_FOUND");
  if (!f.clientUploads) throw new AppError("HUB_UPLOADS_NOT_ALLOWED");
  return { name: f.name };
}

/**
 * Uploads per client and workspace, counted across instances: far above a person adding scans one by one, well below
 * a script filling the workspace's storage 20 MB at a time.
 */
export const CLIENT_UPLOAD_LIMIT: Limit = { name: "client-upload", points: 50, durationSec: 3600 };

export const clientUploadPrefix = (t: { workspaceId: string }) => `ws/${t.workspaceId}/shared/uploads`;

/** Writes the row for a stored client upload (or deletes the object and throws when the folder changed meanwhile). */
export async function recordClientUpload(db: Db, t: ClientUploadTarget, stored: StoredObject, rawName: string): Promise<UploadedSharedFile> {
  try {
    return await db.transaction(async (tx) => {
      await checkClientUploadFolder(tx, t, true);
      const [row] = await tx
        .insert(sharedFiles)
        .values({
          workspaceId: t.workspaceId,
          folderId: t.folderId,
          name: cleanFileName(rawName),
          contentType: stored.contentType,
          size: stored.size,
          sha256: stored.sha256,
          storageKey: stored.key,
          uploadedByContactId: t.contactId,
          uploadedByPortalUserId: t.portalUserId,
        })
        .returning({ id: sharedFiles.id, name: sharedFiles.name, size: sharedFiles.size, contentType: sharedFiles.contentType });
      return row;
    });
  } catch (e) {
    await discard([stored.key]);
    throw e;
  }
}
