import "server-only";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { OpsCtx } from "@/lib/ops-context";
import { contactImports } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { IMPORT_MAX_ROWS, type StartContactImportInput, startContactImportSchema } from "./import-contacts.schema";

export { startContactImportSchema, type StartContactImportInput } from "./import-contacts.schema";

/**
 * Opens an import for a file the browser has parsed: checks the size and that the mapping can identify contacts,
 * and clears this workspace's stale imports (unapplied after a day, reports after 30 days).
 */
export async function startContactImport(ctx: OpsCtx, input: StartContactImportInput): Promise<{ importId: string }> {
  const p = startContactImportSchema.parse(input);
  if (p.totalRows === 0) throw new AppError("IMPORT_EMPTY");
  if (p.totalRows > IMPORT_MAX_ROWS) throw new AppError("IMPORT_TOO_LARGE");
  if (!p.fields.includes("firstName") && !p.fields.includes("fullName")) throw new AppError("IMPORT_NO_NAME_COLUMN");
  if (!p.fields.includes("email") && !p.fields.includes("phone")) throw new AppError("IMPORT_NO_KEY_COLUMN");

  await ctx.db
    .delete(contactImports)
    .where(
      and(
        eq(contactImports.workspaceId, ctx.workspace.id),
        or(
          lt(contactImports.createdAt, sql`now() - interval '30 days'`),
          and(eq(contactImports.status, "staging"), lt(contactImports.createdAt, sql`now() - interval '1 day'`)),
        ),
      ),
    );
  const [row] = await ctx.db
    .insert(contactImports)
    .values({ workspaceId: ctx.workspace.id, createdBy: ctx.user.id, fileName: p.fileName, totalRows: p.totalRows })
    .returning({ id: contactImports.id });
  return { importId: row.id };
}
