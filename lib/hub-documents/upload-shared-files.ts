import "server-only";
// The team uploads files into a folder or the top level, with an optional note. Each file is streamed to storage
// (type from its bytes, the size limit while streaming) as it arrives; the rows are written afterwards in one
// transaction that also queues a "documents" notice for everyone the folder is shared with. Objects whose rows
// cannot be written are deleted.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { sharedAudiences, sharedFiles, sharedFolders } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { cleanFileName } from "@/lib/files/file-name";
import { getStorage, type StoredObject } from "@/lib/files/storage";
import type { OpsCtx } from "@/lib/ops-context";
import { findUnstorable } from "@/lib/validation/storable-text";
import { queueDocumentNotices } from "./queue-document-notices";

export const uploadFieldsSchema = z.object({
  folderId: z.union([z.uuid(), z.literal("")]).optional().transform((v) => v || null),
  note: z.string().trim().max(1000, "Keep the note under 1,000 characters.").optional().transform((v) => v || null),
});
export type UploadFields = z.infer<typeof uploadFieldsSchema>;

/** Reads the form's fields: TEXT_UNSTORABLE / VALIDATION_FAILED for bad input, NOT_FOUND for a folder not in this workspace. */
export async function checkUploadFields(ctx: OpsCtx, raw: Record<string, string>): Promise<UploadFields> {
  const bad = findUnstorable(raw);
  if (bad) throw new AppError("TEXT_UNSTORABLE", bad.field, bad.message);
  const parsed = uploadFieldsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("VALIDATION_FAILED", String(parsed.error.issues[0]?.path[0] ?? "note"), parsed.error.issues[0]?.message);
  if (parsed.data.folderId) {
    const [f] = await ctx.db
      .select({ id: sharedFolders.id })
      .from(sharedFolders)
      .where(and(eq(sharedFolders.id, parsed.data.folderId), eq(sharedFolders.workspaceId, ctx.workspace.id)));
    if (!f) throw new AppError("NOT_FOUND");
  }
  return parsed.data;
}

export const sharedPrefix = (workspaceId: string) => `ws/${workspaceId}/shared`;

export type UploadedSharedFile = { id: string; name: string; size: number; contentType: string };

/** Writes the rows for stored uploads and queues notices to the folder's audience; deletes the objects on failure. */
export async function recordSharedFiles(ctx: OpsCtx, fields: UploadFields, stored: { stored: StoredObject; filename: string }[]): Promise<UploadedSharedFile[]> {
  if (stored.length === 0) return [];
  try {
    return await ctx.db.transaction(async (tx) => {
      let folderName: string | null = null;
      if (fields.folderId) {
        // A share lock: the folder cannot be deleted under this upload (delete takes FOR UPDATE).
        const [f] = await tx
          .select({ name: sharedFolders.name })
          .from(sharedFolders)
          .where(and(eq(sharedFolders.id, fields.folderId), eq(sharedFolders.workspaceId, ctx.workspace.id)))
          .for("share");
        if (!f) throw new AppError("NOT_FOUND");
        folderName = f.name;
      }
      const rows = await tx
        .insert(sharedFiles)
        .values(
          stored.map((s) => ({
            workspaceId: ctx.workspace.id,
            folderId: fields.folderId,
            name: cleanFileName(s.filename),
            note: fields.note,
            contentType: s.stored.contentType,
            size: s.stored.size,
            sha256: s.stored.sha256,
            storageKey: s.stored.key,
            uploadedByUserId: ctx.user.id,
          })),
        )
        .returning({ id: sharedFiles.id, name: sharedFiles.name, size: sharedFiles.size, contentType: sharedFiles.contentType });
      if (fields.folderId) {
        const audience = await tx
          .select({ contactId: sharedAudiences.contactId, userTypeId: sharedAudiences.userTypeId })
          .from(sharedAudiences)
          .where(and(eq(sharedAudiences.workspaceId, ctx.workspace.id), eq(sharedAudiences.folderId, fields.folderId)));
        const who = { contactIds: audience.flatMap((a) => (a.contactId ? [a.contactId] : [])), userTypeIds: audience.flatMap((a) => (a.userTypeId ? [a.userTypeId] : [])) };
        for (const r of rows) await queueDocumentNotices(tx, { workspaceId: ctx.workspace.id, item: { id: r.id, label: r.name }, audience: who, alreadyShared: null });
      }
      await audit(tx, ctx, {
        action: "documents.upload",
        targetType: fields.folderId ? "shared_folder" : "shared_file",
        targetId: fields.folderId ?? rows[0].id,
        summary: `Uploaded ${rows.length === 1 ? rows[0].name : `${rows.length} files`}${folderName ? ` to ${folderName}` : ""}`,
      });
      return rows;
    });
  } catch (e) {
    await discard(stored.map((s) => s.stored.key));
    throw e;
  }
}

/** Deletes stored objects no row points at (logged when the storage refuses). */
export async function discard(keys: string[]): Promise<void> {
  for (const key of keys) await getStorage().delete(key).catch((err) => console.error("Could not delete an unrecorded upload", key, err));
}
