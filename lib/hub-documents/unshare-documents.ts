import "server-only";
// The team stops sharing a file or folder with one client or user type: the audience row goes, and with it (by the
// one access rule, read on every request) that audience's access. Pending notices are left to the sender, which
// words them from what is still visible.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { sharedAudiences } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";

export const unshareDocumentsSchema = z.object({ audienceId: z.uuid() });

/** Removes one audience row of this workspace; NOT_FOUND otherwise. */
export async function unshareDocuments(ctx: OpsCtx, input: z.infer<typeof unshareDocumentsSchema>): Promise<{ fileId: string | null; folderId: string | null }> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(sharedAudiences)
      .where(and(eq(sharedAudiences.id, input.audienceId), eq(sharedAudiences.workspaceId, ctx.workspace.id)))
      .returning({ fileId: sharedAudiences.fileId, folderId: sharedAudiences.folderId, contactId: sharedAudiences.contactId, userTypeId: sharedAudiences.userTypeId });
    if (!row) throw new AppError("NOT_FOUND");
    await audit(tx, ctx, {
      action: "documents.unshare",
      targetType: row.fileId ? "shared_file" : "shared_folder",
      targetId: (row.fileId ?? row.folderId)!,
      summary: row.contactId ? "Stopped sharing with a client" : "Stopped sharing with a user type",
      data: { contactId: row.contactId, userTypeId: row.userTypeId },
    });
    return { fileId: row.fileId, folderId: row.folderId };
  });
}
