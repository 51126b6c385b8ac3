import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { contactImportRows, contactImports, type ImportRawRow } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { AddContactImportRowsInput } from "./import-contacts.schema";
import { normalizeImportRow } from "./normalize-import-row";

export { addContactImportRowsSchema, type AddContactImportRowsInput } from "./import-contacts.schema";

/**
 * Stages one chunk of an import's rows, validating each row on arrival (never trusting the browser). A chunk sent
 * twice (a retry) overwrites itself, so the count of staged rows stays exact.
 */
export async function addContactImportRows(ctx: AdminCtx, input: AddContactImportRowsInput): Promise<{ received: number; invalid: number }> {
  return ctx.db.transaction(async (tx) => {
    const [imp] = await tx
      .select({ totalRows: contactImports.totalRows, status: contactImports.status })
      .from(contactImports)
      .where(and(eq(contactImports.id, input.importId), eq(contactImports.workspaceId, ctx.workspace.id)))
      .for("share");
    if (!imp) throw new AppError("NOT_FOUND");
    if (imp.status !== "staging") throw new AppError("IMPORT_ALREADY_APPLIED");
    if (input.rows.some((r) => r.row > imp.totalRows + 1)) throw new AppError("IMPORT_BAD_CHUNK");

    const values = input.rows.map(({ row, ...cells }) => {
      const raw: ImportRawRow = {};
      for (const [k, v] of Object.entries(cells)) if (v !== undefined && v !== "") raw[k as keyof ImportRawRow] = v;
      return {
        importId: input.importId,
        workspaceId: ctx.workspace.id,
        rowNumber: row,
        raw,
        ...normalizeImportRow({ row, ...cells }, ctx.workspace.country),
      };
    });
    await tx
      .insert(contactImportRows)
      .values(values)
      .onConflictDoUpdate({
        target: [contactImportRows.importId, contactImportRows.rowNumber],
        set: {
          raw: sql`excluded.raw`,
          firstName: sql`excluded.first_name`,
          lastName: sql`excluded.last_name`,
          email: sql`excluded.email`,
          phone: sql`excluded.phone`,
          company: sql`excluded.company`,
          error: sql`excluded.error`,
        },
      });
    const [{ n }] = await tx
      .select({ n: count() })
      .from(contactImportRows)
      .where(and(eq(contactImportRows.importId, input.importId), eq(contactImportRows.workspaceId, ctx.workspace.id)));
    return { received: n, invalid: values.filter((v) => v.error).length };
  });
}
