import "server-only";
import { sql } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { rowsOf } from "@/lib/db/rows";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { isDltApproved } from "@/lib/sms/sender-id";
import { DLT_COLUMN_LABELS } from "./dlt-columns";
import { dltImportSchema, type DltImportInput } from "./dlt-import.schema";
import { parseDltFile, type DltTemplateValues } from "./parse-dlt-file";
import { importedDltTemplates, registeredSenderIds } from "@/lib/db/queries/dlt-templates";

export { dltImportSchema as importDltTemplatesSchema };

export type DltImportResult = {
  fileName: string;
  /** Imported templates DLT no longer approves, now marked unusable. */
  retired: number;
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

// 10,000 rows go in 5 statements of at most ~1 MB of JSON each.
const BATCH = 2000;

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
  const retiring = parse.rows.flatMap((r) => (r.retire ? [r.retire] : []));
  if (values.length === 0 && retiring.length === 0) {
    // Name the first row's reason: "nothing is approved" would mislead when every ID was mangled by a spreadsheet.
    const first = parse.rows.find((r) => r.skip);
    const more = skipped > 1 ? ` The other ${skipped - 1} rows are skipped too; the preview says why for each.` : "";
    throw new AppError("DLT_IMPORT_NOTHING", undefined, first ? `Nothing in this file can be imported. Row ${first.row}: ${first.skip}${more}` : undefined);
  }
  const w = ctx.workspace.id;

  return ctx.db.transaction(async (tx) => {
    let imported = 0;
    let updated = 0;
    for (let i = 0; i < values.length; i += BATCH) {
      // One JSON parameter per batch: Postgres (and PGlite) parse one value instead of thousands of bind parameters.
      const batch = values.slice(i, i + BATCH).map((v: DltTemplateValues) => ({
        template_id: v.templateId,
        name: v.name,
        sender_id: v.senderId,
        content: v.content,
        type: v.type,
        content_type: v.contentType,
        status: v.status,
        entity_id: v.entityId,
        consent_template_id: v.consentTemplateId,
      }));
      const written = await tx.execute(sql`
        insert into dlt_templates as d (workspace_id, template_id, name, sender_id, content, type, content_type, status, entity_id, consent_template_id)
        select ${w}::uuid, x.template_id, x.name, x.sender_id, x.content, x.type, x.content_type, x.status, x.entity_id, x.consent_template_id
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(
          template_id text, name text, sender_id text, content text, type text, content_type text, status text, entity_id text, consent_template_id text)
        on conflict (workspace_id, template_id) do update set
          name = excluded.name, sender_id = excluded.sender_id, content = excluded.content, type = excluded.type,
          content_type = excluded.content_type, status = excluded.status, entity_id = excluded.entity_id,
          consent_template_id = excluded.consent_template_id, updated_at = now()
        -- An identical row is left alone, so its updated_at still tells when it last changed.
        where (d.name, d.sender_id, d.content, d.type, d.content_type, d.status, d.entity_id, d.consent_template_id)
          is distinct from (excluded.name, excluded.sender_id, excluded.content, excluded.type, excluded.content_type, excluded.status, excluded.entity_id, excluded.consent_template_id)
        -- xmax is 0 on a freshly inserted row version and the updating transaction's id on an updated one.
        returning (xmax::text = '0') as inserted`);
      for (const r of rowsOf<{ inserted: boolean }>(written)) r.inserted ? imported++ : updated++;
    }
    const unchanged = values.length - imported - updated;
    // Templates DLT no longer approves: an approved one of that ID becomes unusable, and any SMS mapped to it stops.
    const known = retiring.length ? await importedDltTemplates(tx, { workspaceId: w, templateIds: retiring.map((r) => r.templateId) }) : new Map();
    const retire = retiring.filter((r) => {
      const stored = known.get(r.templateId);
      return stored && isDltApproved(stored.status);
    });
    if (retire.length) {
      await tx.execute(sql`
        update dlt_templates as d set status = x.status, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(retire.map((r) => ({ template_id: r.templateId, status: r.status })))}::jsonb) as x(template_id text, status text)
        where d.workspace_id = ${w}::uuid and d.template_id = x.template_id`);
    }
    const retired = retire.length;
    const senders = await registeredSenderIds(tx, { workspaceId: w });
    const unregisteredSenderIds = [...new Set(values.map((v) => v.senderId).filter((s) => !senders.has(s)))].sort();
    await audit(tx, ctx, {
      action: "dlt_templates.import",
      targetType: "dlt_templates",
      summary: `Imported DLT templates from ${parse.fileName}: ${imported} new, ${updated} updated, ${unchanged} unchanged, ${retired} no longer approved, ${skipped - retired} skipped`,
      data: { fileName: parse.fileName, format: parse.format, imported, updated, unchanged, retired, skipped, templateIds: values.slice(0, 50).map((v) => v.templateId), unregisteredSenderIds },
    });
    return { fileName: parse.fileName, imported, updated, unchanged, retired, skipped: skipped - retired, unregisteredSenderIds };
  });
}
