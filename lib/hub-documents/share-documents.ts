import "server-only";
// The team shares a file or a whole folder with clients (up to 100 picked at once) and/or every client of some user
// types. New audience rows only: sharing again with someone already in the audience changes nothing and notifies
// nobody. Everyone newly reached gets one "documents" item on their pending notice, in the same transaction.
import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import type { DbOrTx } from "@/lib/db";
import { contacts, portalUserTypes, sharedAudiences, sharedFiles, sharedFolders } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { alreadySharedWith, queueDocumentNotices } from "./queue-document-notices";

const ids = (max: number) =>
  z.preprocess((v) => (v === undefined || v === "" ? [] : typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(z.uuid()).max(max, `Pick at most ${max} at once.`));

export const shareDocumentsSchema = z
  .object({
    fileId: z.uuid().optional(),
    folderId: z.uuid().optional(),
    contactIds: ids(100),
    userTypeIds: ids(20),
  })
  .refine((v) => !!v.fileId !== !!v.folderId, { message: "Share one file or one folder.", path: ["fileId"] });

export type ShareResult = { added: number; notified: number };

/** Adds audiences; HUB_NO_AUDIENCE when none picked, NOT_FOUND for a file, folder, client or type not in this workspace. */
export async function shareDocuments(ctx: OpsCtx, input: z.infer<typeof shareDocumentsSchema>): Promise<ShareResult> {
  const contactIds = [...new Set(input.contactIds)];
  const userTypeIds = [...new Set(input.userTypeIds)];
  if (contactIds.length === 0 && userTypeIds.length === 0) throw new AppError("HUB_NO_AUDIENCE");
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    let target: { kind: "file" | "folder"; id: string; name: string; folderId: string | null };
    if (input.fileId) {
      const [f] = await tx
        .select({ id: sharedFiles.id, name: sharedFiles.name, folderId: sharedFiles.folderId, byClient: sharedFiles.uploadedByContactId })
        .from(sharedFiles)
        .where(and(eq(sharedFiles.id, input.fileId), eq(sharedFiles.workspaceId, w), isNull(sharedFiles.deletedAt)))
        .for("update");
      if (!f) throw new AppError("NOT_FOUND");
      if (f.byClient) throw new AppError("HUB_CLIENT_UPLOAD_NOT_SHAREABLE");
      target = { kind: "file", id: f.id, name: f.name, folderId: f.folderId };
    } else {
      const [f] = await tx
        .select({ id: sharedFolders.id, name: sharedFolders.name })
        .from(sharedFolders)
        .where(and(eq(sharedFolders.id, input.folderId!), eq(sharedFolders.workspaceId, w)))
        .for("update");
      if (!f) throw new AppError("NOT_FOUND");
      target = { kind: "folder", id: f.id, name: f.name, folderId: f.id };
    }
    if (contactIds.length) {
      const found = await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, w), inArray(contacts.id, contactIds)));
      if (found.length !== contactIds.length) throw new AppError("NOT_FOUND", "contactIds");
    }
    if (userTypeIds.length) {
      const found = await tx.select({ id: portalUserTypes.id }).from(portalUserTypes).where(and(eq(portalUserTypes.workspaceId, w), inArray(portalUserTypes.id, userTypeIds)));
      if (found.length !== userTypeIds.length) throw new AppError("NOT_FOUND", "userTypeIds");
    }

    // Notices first, while "already shared" still means before this share.
    const notified =
      target.kind === "folder" && !(await folderHasTeamFiles(tx, w, target.id))
        ? 0
        : await queueDocumentNotices(tx, {
            workspaceId: w,
            item: { id: target.id, label: target.name },
            audience: { contactIds, userTypeIds },
            alreadyShared: alreadySharedWith(target.kind === "file" ? { workspaceId: w, fileId: target.id, folderId: target.folderId } : { workspaceId: w, folderId: target.id }),
          });
    const on = target.kind === "file" ? { fileId: target.id } : { folderId: target.id };
    const added = await tx
      .insert(sharedAudiences)
      .values([...contactIds.map((contactId) => ({ workspaceId: w, ...on, contactId })), ...userTypeIds.map((userTypeId) => ({ workspaceId: w, ...on, userTypeId }))])
      .onConflictDoNothing()
      .returning({ id: sharedAudiences.id });
    if (added.length)
      await audit(tx, ctx, {
        action: "documents.share",
        targetType: target.kind === "file" ? "shared_file" : "shared_folder",
        targetId: target.id,
        summary: `Shared ${target.name} with ${describe(contactIds.length, userTypeIds.length)}`,
        data: { contactIds, userTypeIds },
      });
    return { added: added.length, notified };
  });
}

async function folderHasTeamFiles(tx: DbOrTx, workspaceId: string, folderId: string) {
  const [row] = await tx
    .select({ id: sharedFiles.id })
    .from(sharedFiles)
    .where(and(eq(sharedFiles.workspaceId, workspaceId), eq(sharedFiles.folderId, folderId), isNull(sharedFiles.deletedAt), isNull(sharedFiles.uploadedByContactId)))
    .limit(1);
  return !!row;
}

function describe(clients: number, types: number): string {
  const parts = [clients ? `${clients} client${clients === 1 ? "" : "s"}` : "", types ? `${types} user type${types === 1 ? "" : "s"}` : ""].filter(Boolean);
  return parts.join(" and ");
}
