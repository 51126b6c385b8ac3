import "server-only";
import type { OpsCtx } from "@/lib/ops-context";
import { addContactImportRows } from "./add-contact-import-rows";
import { applyContactImport } from "./apply-contact-import";
import {
  addContactImportRowsSchema,
  IMPORT_CHUNK_ROWS,
  importFields,
  type ContactImportSummary,
  type ImportField,
  type ImportRow,
} from "./import-contacts.schema";
import { startContactImport } from "./start-contact-import";

/**
 * The whole import on the server in one call (start, stage in chunks, apply), for scripts and the public API; the
 * import page runs the same three steps itself so it can show progress. Rows without `row` are numbered from 2.
 */
export async function importContacts(
  ctx: OpsCtx,
  input: { fileName?: string; fields?: ImportField[]; rows: (Omit<ImportRow, "row"> & { row?: number })[] },
): Promise<ContactImportSummary> {
  const rows = input.rows.map((r, i) => ({ ...r, row: r.row ?? i + 2 }));
  const fields = input.fields ?? importFields.filter((f) => rows.some((r) => r[f] !== undefined));
  const { importId } = await startContactImport(ctx, { fileName: input.fileName ?? "", totalRows: rows.length, fields });
  for (let i = 0; i < rows.length; i += IMPORT_CHUNK_ROWS) {
    await addContactImportRows(ctx, addContactImportRowsSchema.parse({ importId, rows: rows.slice(i, i + IMPORT_CHUNK_ROWS) }));
  }
  return applyContactImport(ctx, { importId });
}
