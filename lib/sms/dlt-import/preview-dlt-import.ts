import "server-only";
import { importedDltTemplates, registeredSenderIds, type StoredDltTemplate } from "@/lib/db/queries/dlt-templates";
import type { OpsCtx } from "@/lib/ops-context";
import { isDltApproved } from "@/lib/sms/sender-id";
import type { DltColumnMap, DltColumn } from "./dlt-columns";
import { dltImportSchema, type DltImportInput } from "./dlt-import.schema";
import { parseDltFile, type DltParse, type DltRow, type DltTemplateValues } from "./parse-dlt-file";

/**
 * import: a new template ID; update: a known one whose values differ; unchanged: a known one, identical; retire: a
 * known, approved one the file now says is rejected or inactive (it is marked unusable); skip.
 */
export type DltRowAction = "import" | "update" | "unchanged" | "retire" | "skip";
export type DltPreviewRow = Omit<DltRow, "values" | "retire"> & { action: DltRowAction };

export type DltPreview = {
  fileName: string;
  format: "csv" | "xlsx";
  headers: string[];
  columns: DltColumnMap;
  /** Required fields no column was matched to: the admin maps them, then previews again. */
  missing: DltColumn[];
  counts: Record<DltRowAction, number>;
  /** The rows to show: every skipped row (the admin needs the reasons) and the first others, in file order. */
  rows: DltPreviewRow[];
  /** Rows not in `rows` (a very long file's imports and updates are counted, not listed). */
  hiddenRows: number;
  /** Headers the importable rows use that are not registered as sender IDs yet (nothing registers them here). */
  unregisteredSenderIds: string[];
};

const SHOWN_ROWS = 300;
const SHOWN_SKIPS = 1000;

const FIELDS = ["name", "senderId", "content", "type", "contentType", "status", "entityId", "consentTemplateId"] as const;
const same = (v: DltTemplateValues, s: StoredDltTemplate) => FIELDS.every((f) => v[f] === s[f]);

/** Row verdicts against the workspace: a template ID it already has is an update (or unchanged), a new one an import. */
export async function classifyDltRows(db: OpsCtx["db"], workspaceId: string, parse: DltParse) {
  const ids = parse.rows.flatMap((r) => (r.values ? [r.values.templateId] : r.retire ? [r.retire.templateId] : []));
  const [known, senders] = await Promise.all([importedDltTemplates(db, { workspaceId, templateIds: ids }), registeredSenderIds(db, { workspaceId })]);
  const action = (r: DltRow): DltRowAction => {
    if (r.retire) {
      const stored = known.get(r.retire.templateId);
      return stored && isDltApproved(stored.status) ? "retire" : "skip";
    }
    if (!r.values) return "skip";
    const stored = known.get(r.values.templateId);
    return !stored ? "import" : same(r.values, stored) ? "unchanged" : "update";
  };
  const unregistered = [...new Set(parse.rows.flatMap((r) => (r.values && !senders.has(r.values.senderId) ? [r.values.senderId] : [])))].sort();
  return { action, unregistered };
}

/** What an import of this file would do, row by row, without writing anything. */
export async function previewDltImport(ctx: OpsCtx, raw: DltImportInput): Promise<DltPreview> {
  const input = dltImportSchema.parse(raw);
  const parse = await parseDltFile(input.bytes, input.fileName, input.columns);
  const { action, unregistered } = await classifyDltRows(ctx.db, ctx.workspace.id, parse);
  const counts: Record<DltRowAction, number> = { import: 0, update: 0, unchanged: 0, retire: 0, skip: 0 };
  const rows: DltPreviewRow[] = [];
  let others = 0;
  let skips = 0;
  for (const r of parse.rows) {
    const a = action(r);
    counts[a]++;
    const show = a === "skip" || a === "retire" ? skips++ < SHOWN_SKIPS : others++ < SHOWN_ROWS;
    if (show) rows.push({ row: r.row, templateId: r.templateId, name: r.name, senderId: r.senderId, content: r.content, status: r.status, skip: r.skip, action: a });
  }
  return {
    fileName: parse.fileName,
    format: parse.format,
    headers: parse.headers,
    columns: parse.columns,
    missing: parse.missing,
    counts,
    rows,
    hiddenRows: parse.rows.length - rows.length,
    unregisteredSenderIds: unregistered,
  };
}
