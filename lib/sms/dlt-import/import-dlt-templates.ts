import "server-only";
import { sql } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { dltTemplates } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { DLT_COLUMN_LABELS } from "./dlt-columns";
import { dltImportSchema, type DltImportInput } from "./dlt-import.schema";
import { parseDltFile, type DltTemplateValues } from "./parse-dlt-file";
import { registeredSenderIds } from "@/lib/db/queries/dlt-templates";

export { dltImportSchema as importDltTemplatesSchema };

export type DltImportResult = {
  fileName: string;
  /** New template IDs written. */
  imported: number;
  /** Template IDs the workspace had, whose name, header, content, type or status changed. */
  updated: number;
  /** Template IDs the workspace had, identical in the file: left as they were. */
  unchanged: number;
  /** Rows not imported (not approved or active, broken IDs, duplicates…): the preview says why for each. */
  skipped: number;
  /** Headers of imported rows that are not registered sender IDs yet: the SMS page asks the admin to add them. */
  unregisteredSenderIds: string[];
};

// 500 rows × 11 columns stays far below Postgres's 65,535 bind parameters, and 20 statements carry 10,000 rows.
const BATCH = 500;

/**
 * Writes a DLT export's approved and active rows into `dlt_templates` in one transaction: a template ID the workspace
 * already has is updated in place (its id, and so every SMS template mapped to it, stays), nothing else is touched.
 * Sender IDs are not registered here: the SMS settings own them, and the result names the ones missing.
 */
export async function importDltTemplates(ctx: OpsCtx, raw: DltImportInput): Promise<DltImportResult> {
  const input = dltImportSchema.parse(raw);
  const parse = await parseDltFile(input.bytes, input.fileName, input.columns);
  if (parse.missing.length) {
    throw new AppError("DLT_IMPORT_COLUMNS", "columns", `Pick the column that holds ${parse.missing.map((c) => DLT_COLUMN_LABELS[c]).join(", ")}, then preview again.`);
  }
  const values = parse.rows.flatMap((r) => (r.values ? [r.values] : []));
  const skipped = parse.rows.length - values.length;
  if (values.length === 0) throw new AppError("DLT_IMPORT_NOTHING");
  const w = ctx.workspace.id;

  return ctx.db.transaction(async (tx) => {
    let imported = 0;
    let updated = 0;
    for (let i = 0; i < values.length; i += BATCH) {
      const batch = values.slice(i, i + BATCH).map((v: DltTemplateValues) => ({ workspaceId: w, ...v }));
      const written = await tx
        .insert(dltTemplates)
        .values(batch)
        .onConflictDoUpdate({
          target: [dltTemplates.workspaceId, dltTemplates.templateId],
          set: {
            name: sql`excluded.name`,
            senderId: sql`excluded.sender_id`,
            content: sql`excluded.content`,
            type: sql`excluded.type`,
            contentType: sql`excluded.content_type`,
            status: sql`excluded.status`,
            entityId: sql`excluded.entity_id`,
            consentTemplateId: sql`excluded.consent_template_id`,
            updatedAt: sql`now()`,
          },
          // An identical row is left alone, so its updated_at still tells when it last changed.
          setWhere: sql`(${dltTemplates.name}, ${dltTemplates.senderId}, ${dltTemplates.content}, ${dltTemplates.type}, ${dltTemplates.contentType}, ${dltTemplates.status}, ${dltTemplates.entityId}, ${dltTemplates.consentTemplateId})
            is distinct from (excluded.name, excluded.sender_id, excluded.content, excluded.type, excluded.content_type, excluded.status, excluded.entity_id, excluded.consent_template_id)`,
        })
        // xmax is 0 on a freshly inserted row version and the updating transaction's id on an updated one.
        .returning({ inserted: sql<boolean>`(xmax::text = '0')` });
      for (const r of written) r.inserted ? imported++ : updated++;
    }
    const unchanged = values.length - imported - updated;
    const senders = await registeredSenderIds(tx, { workspaceId: w });
    const unregisteredSenderIds = [...new Set(values.map((v) => v.senderId).filter((s) => !senders.has(s)))].sort();
    await audit(tx, ctx, {
      action: "dlt_templates.import",
      targetType: "dlt_templates",
      summary: `Imported DLT templates from ${parse.fileName}: ${imported} new, ${updated} updated, ${unchanged} unchanged, ${skipped} skipped`,
      data: { fileName: parse.fileName, format: parse.format, imported, updated, unchanged, skipped, templateIds: values.slice(0, 50).map((v) => v.templateId), unregisteredSenderIds },
    });
    return { fileName: parse.fileName, imported, updated, unchanged, skipped, unregisteredSenderIds };
  });
}
