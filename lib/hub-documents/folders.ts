import "server-only";
// Folders of shared documents: create, rename, open or close them to client uploads, delete when empty. Names are
// unique per workspace (case-insensitive, by the schema's index).
import { and, count, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { sharedFiles, sharedFolders } from "@/lib/db/schema";
import { AppError, uniqueViolation } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";

const folderName = z.string().trim().min(1, "Name the folder.").max(120, "Keep the name under 120 characters.");
const checkbox = z.union([z.boolean(), z.enum(["on", "true", "1", "false", "0", ""])]).transform((v) => v === true || v === "on" || v === "true" || v === "1");

export const createFolderSchema = z.object({ name: folderName, clientUploads: checkbox.optional() });

/** Creates a folder; HUB_FOLDER_NAME_TAKEN when another has the name. */
export async function createFolder(ctx: OpsCtx, input: z.infer<typeof createFolderSchema>): Promise<{ id: string }> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(sharedFolders)
        .values({ workspaceId: ctx.workspace.id, name: input.name, clientUploads: input.clientUploads ?? false, createdByUserId: ctx.user.id })
        .returning({ id: sharedFolders.id });
      await audit(tx, ctx, { action: "documents.folder_create", targetType: "shared_folder", targetId: row.id, summary: `Created folder ${input.name}` });
      return row;
    });
  } catch (e) {
    if (uniqueViolation(e) !== null) throw new AppError("HUB_FOLDER_NAME_TAKEN", "name");
    throw e;
  }
}

export const updateFolderSchema = z.object({ folderId: z.uuid(), name: folderName.optional(), clientUploads: checkbox.optional() });

/** Renames a folder and/or opens or closes it to client uploads. */
export async function updateFolder(ctx: OpsCtx, input: z.infer<typeof updateFolderSchema>): Promise<{ id: string }> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(sharedFolders)
        .set({ ...(input.name !== undefined ? { name: input.name } : {}), ...(input.clientUploads !== undefined ? { clientUploads: input.clientUploads } : {}), updatedAt: sql`now()` })
        .where(and(eq(sharedFolders.id, input.folderId), eq(sharedFolders.workspaceId, ctx.workspace.id)))
        .returning({ id: sharedFolders.id, name: sharedFolders.name, clientUploads: sharedFolders.clientUploads });
      if (!row) throw new AppError("NOT_FOUND");
      await audit(tx, ctx, {
        action: "documents.folder_update",
        targetType: "shared_folder",
        targetId: row.id,
        summary: `Folder ${row.name}: client uploads ${row.clientUploads ? "on" : "off"}`,
      });
      return { id: row.id };
    });
  } catch (e) {
    if (uniqueViolation(e) !== null) throw new AppError("HUB_FOLDER_NAME_TAKEN", "name");
    throw e;
  }
}

export const deleteFolderSchema = z.object({ folderId: z.uuid() });

/**
 * Deletes an empty folder (HUB_FOLDER_NOT_EMPTY while it has live files). Its removed files keep their rows (for the
 * record) and move to the top level, which the schema's restrict rule needs. The folder row is locked first, so an
 * upload into it either lands before (and the delete is refused) or finds it gone.
 */
export async function deleteFolder(ctx: OpsCtx, input: z.infer<typeof deleteFolderSchema>): Promise<{ id: string }> {
  return ctx.db.transaction(async (tx) => {
    const [folder] = await tx
      .select({ id: sharedFolders.id, name: sharedFolders.name })
      .from(sharedFolders)
      .where(and(eq(sharedFolders.id, input.folderId), eq(sharedFolders.workspaceId, ctx.workspace.id)))
      .for("update");
    if (!folder) throw new AppError("NOT_FOUND");
    const [live] = await tx
      .select({ n: count() })
      .from(sharedFiles)
      .where(and(eq(sharedFiles.workspaceId, ctx.workspace.id), eq(sharedFiles.folderId, folder.id), isNull(sharedFiles.deletedAt)));
    if ((live?.n ?? 0) > 0) throw new AppError("HUB_FOLDER_NOT_EMPTY");
    await tx
      .update(sharedFiles)
      .set({ folderId: null })
      .where(and(eq(sharedFiles.workspaceId, ctx.workspace.id), eq(sharedFiles.folderId, folder.id), isNotNull(sharedFiles.deletedAt)));
    await tx.delete(sharedFolders).where(and(eq(sharedFolders.id, folder.id), eq(sharedFolders.workspaceId, ctx.workspace.id)));
    await audit(tx, ctx, { action: "documents.folder_delete", targetType: "shared_folder", targetId: folder.id, summary: `Deleted folder ${folder.name}` });
    return { id: folder.id };
  });
}
