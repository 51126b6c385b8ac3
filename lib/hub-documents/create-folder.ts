import "server-only";
// The team creates a folder of shared documents. Names are unique per workspace, case-insensitively (the schema's index).
import { z } from "zod";
import { audit } from "@/lib/audit";
import { sharedFolders } from "@/lib/db/schema";
import { AppError, uniqueViolation } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { checkbox, folderName } from "./folder-fields";

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

