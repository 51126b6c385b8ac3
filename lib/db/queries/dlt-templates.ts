import "server-only";
import { and, count, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { dltTemplates, senderIds } from "@/lib/db/schema";

export type StoredDltTemplate = {
  templateId: string;
  name: string;
  senderId: string;
  content: string;
  type: string | null;
  contentType: string;
  status: string;
  entityId: string | null;
  consentTemplateId: string | null;
};

/** The workspace's stored copies of these DLT template IDs (an import updates them), by template ID. */
export async function importedDltTemplates(db: DbOrTx, p: { workspaceId: string; templateIds: string[] }): Promise<Map<string, StoredDltTemplate>> {
  const found = new Map<string, StoredDltTemplate>();
  // In slices, so a 10,000-row file stays far below the bind-parameter limit.
  for (let i = 0; i < p.templateIds.length; i += 1000) {
    const rows = await db
      .select({
        templateId: dltTemplates.templateId,
        name: dltTemplates.name,
        senderId: dltTemplates.senderId,
        content: dltTemplates.content,
        type: dltTemplates.type,
        contentType: dltTemplates.contentType,
        status: dltTemplates.status,
        entityId: dltTemplates.entityId,
        consentTemplateId: dltTemplates.consentTemplateId,
      })
      .from(dltTemplates)
      .where(and(eq(dltTemplates.workspaceId, p.workspaceId), inArray(dltTemplates.templateId, p.templateIds.slice(i, i + 1000))));
    for (const r of rows) found.set(r.templateId, r);
  }
  return found;
}

/** The workspace's registered sender IDs (DLT headers), upper case. */
export async function registeredSenderIds(db: DbOrTx, p: { workspaceId: string }): Promise<Set<string>> {
  const rows = await db.select({ senderId: senderIds.senderId }).from(senderIds).where(eq(senderIds.workspaceId, p.workspaceId));
  return new Set(rows.map((r) => r.senderId.toUpperCase()));
}

/** How many DLT templates the workspace has imported. */
export async function countDltTemplates(db: DbOrTx, p: { workspaceId: string }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(dltTemplates).where(eq(dltTemplates.workspaceId, p.workspaceId));
  return row?.n ?? 0;
}
