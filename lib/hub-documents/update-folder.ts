import "server-only";
// The team renames a folder or opens or closes it to client uploads (closing it refuses uploads already in flight:
// the client's upload re-checks the folder when it writes its row).
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { sharedFolders } from "@/lib/db/schema";
import { AppError, uniqueViolation } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { checkbox, folderName } from "./folder-fields";

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

