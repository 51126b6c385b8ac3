import "server-only";
// The team deletes a shared file (a team file or a client's upload): the row is kept, marked deleted (its activity
// stays on record and every client loses it at once, by the access rule), and the stored object is removed after the
// commit, so a failed delete leaves an orphan object (logged), never a row pointing at nothing.
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { sharedFiles } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getStorage } from "@/lib/files/storage";
import type { OpsCtx } from "@/lib/ops-context";

export const deleteSharedFileSchema = z.object({ fileId: z.uuid() });

/** Soft-deletes the file and removes its object; NOT_FOUND when it is not a live file of this workspace. */
export async function deleteSharedFile(ctx: OpsCtx, input: z.infer<typeof deleteSharedFileSchema>): Promise<{ folderId: string | null }> {
  const row = await ctx.db.transaction(async (tx) => {
    const [f] = await tx
      .update(sharedFiles)
      .set({ deletedAt: now() })
      .where(and(eq(sharedFiles.id, input.fileId), eq(sharedFiles.workspaceId, ctx.workspace.id), isNull(sharedFiles.deletedAt)))
      .returning({ id: sharedFiles.id, name: sharedFiles.name, key: sharedFiles.storageKey, folderId: sharedFiles.folderId });
    if (!f) throw new AppError("NOT_FOUND");
    await audit(tx, ctx, { action: "documents.delete", targetType: "shared_file", targetId: f.id, summary: `Deleted ${f.name}` });
    return f;
  });
  await getStorage()
    .delete(row.key)
    .catch((e) => console.error("Could not delete a removed shared file's object", row.key, e));
  return { folderId: row.folderId };
}
