import "server-only";
// The team deletes a folder, only when it holds no live files.
import { and, count, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { sharedFiles, sharedFolders } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";

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
