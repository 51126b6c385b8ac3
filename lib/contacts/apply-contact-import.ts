import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { audit } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import { contactImportRows, contactImports } from "@/lib/db/schema";
import { listContactImportRows } from "@/lib/db/queries/contacts";
import { AppError, uniqueViolation } from "@/lib/errors";
import type { ApplyContactImportInput, ContactImportSummary } from "./import-contacts.schema";

export { applyContactImportSchema, type ApplyContactImportInput } from "./import-contacts.schema";

const REPORT_PREVIEW = 100;

/**
 * Applies a fully staged import in one transaction of set-based statements: rows are matched to existing contacts
 * by email, then phone; matches are updated (blank cells keep what is stored), the rest inserted, and every row
 * gets an outcome and a reason. Any failure rolls everything back, so nothing is ever half-imported.
 */
export async function applyContactImport(ctx: AdminCtx, input: ApplyContactImportInput): Promise<ContactImportSummary> {
  const W = ctx.workspace.id;
  const I = input.importId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const [imp] = await tx
        .select({ fileName: contactImports.fileName, totalRows: contactImports.totalRows, status: contactImports.status })
        .from(contactImports)
        .where(and(eq(contactImports.id, I), eq(contactImports.workspaceId, W)))
        .for("update");
      if (!imp) throw new AppError("NOT_FOUND");
      if (imp.status !== "staging") throw new AppError("IMPORT_ALREADY_APPLIED");
      const [{ n }] = await tx
        .select({ n: count() })
        .from(contactImportRows)
        .where(and(eq(contactImportRows.importId, I), eq(contactImportRows.workspaceId, W)));
      if (n !== imp.totalRows) throw new AppError("IMPORT_INCOMPLETE");

      await classifyRows(tx, W, I);
      await writeContacts(tx, W, I, ctx.user.id);

      const counts = { created: 0, updated: 0, rejected: 0 };
      const byOutcome = await tx
        .select({ outcome: contactImportRows.outcome, n: count() })
        .from(contactImportRows)
        .where(and(eq(contactImportRows.importId, I), eq(contactImportRows.workspaceId, W)))
        .groupBy(contactImportRows.outcome);
      for (const r of byOutcome) if (r.outcome) counts[r.outcome] = r.n;

      await tx
        .update(contactImports)
        .set({ status: "applied", appliedAt: sql`now()`, createdCount: counts.created, updatedCount: counts.updated, rejectedCount: counts.rejected })
        .where(and(eq(contactImports.id, I), eq(contactImports.workspaceId, W)));
      await audit(tx, ctx, {
        action: "contact.import",
        targetType: "contact_import",
        targetId: I,
        summary: `Imported ${imp.fileName || "a CSV file"}: ${counts.created} added, ${counts.updated} updated, ${counts.rejected} rejected`,
        data: { fileName: imp.fileName, total: imp.totalRows, ...counts },
      });
      const rejected = await listContactImportRows(tx, { workspaceId: W, importId: I, outcome: "rejected", limit: REPORT_PREVIEW });
      return {
        importId: I,
        total: imp.totalRows,
        ...counts,
        rejectedRows: rejected.map((r) => ({ row: r.row, reason: r.reason ?? "" })),
      };
    });
  } catch (e) {
    if (uniqueViolation(e) !== null) throw new AppError("IMPORT_CONFLICT");
    throw e;
  }
}

/** Gives every staged row its outcome: rejected (with a reason), updated (with its contact) or created. */
async function classifyRows(tx: Tx, W: string, I: string) {
  // Rows that were invalid on arrival.
  await tx.execute(sql`
    update contact_import_rows set outcome = 'rejected', reason = error
    where import_id = ${I} and workspace_id = ${W} and error is not null`);

  // Match existing contacts by email, then phone (new contacts get their ids now, so the report can link to them);
  // a row whose email and phone belong to two different contacts cannot be applied without moving one, so it is rejected.
  await tx.execute(sql`
    update contact_import_rows r
    set outcome = (case when m.by_email <> m.by_phone then 'rejected'
                        when coalesce(m.by_email, m.by_phone) is null then 'created'
                        else 'updated' end)::contact_import_outcome,
        contact_id = case when m.by_email <> m.by_phone then null else coalesce(m.by_email, m.by_phone, gen_random_uuid()) end,
        reason = case when m.by_email <> m.by_phone
                      then 'email ' || r.email || ' belongs to ' || m.email_name || ' but phone '
                           || coalesce(r.raw->>'phone', r.phone) || ' belongs to ' || m.phone_name
                           || ' (another contact); fix the row or edit one of those contacts first' end
    from (
      select s.row_number, ce.id as by_email, cp.id as by_phone,
             '"' || trim(ce.first_name || ' ' || ce.last_name) || '"' as email_name,
             '"' || trim(cp.first_name || ' ' || cp.last_name) || '"' as phone_name
      from contact_import_rows s
      left join contacts ce on ce.workspace_id = ${W} and ce.email = s.email
      left join contacts cp on cp.workspace_id = ${W} and cp.phone = s.phone
      where s.import_id = ${I} and s.workspace_id = ${W} and s.outcome is null
    ) m
    where r.import_id = ${I} and r.row_number = m.row_number`);

  // The same email or phone twice in the file: the first row that could be applied wins.
  await tx.execute(sql`
    update contact_import_rows r
    set outcome = 'rejected', contact_id = null,
        reason = case when d.email_first < r.row_number
                      then 'email ' || r.email || ' is also in row ' || d.email_first
                      else 'phone ' || coalesce(r.raw->>'phone', r.phone) || ' is also in row ' || d.phone_first end
    from (
      select row_number,
             case when email is not null then min(row_number) over (partition by email) end as email_first,
             case when phone is not null then min(row_number) over (partition by phone) end as phone_first
      from contact_import_rows
      where import_id = ${I} and workspace_id = ${W} and outcome in ('created', 'updated')
    ) d
    where r.import_id = ${I} and r.row_number = d.row_number
      and (d.email_first < r.row_number or d.phone_first < r.row_number)`);

  // Two rows that would update the same existing contact (e.g. one by email, one by phone): the first row wins.
  await tx.execute(sql`
    update contact_import_rows r
    set outcome = 'rejected', contact_id = null,
        reason = 'it matches the same existing contact as row ' || d.first_row
    from (
      select row_number, min(row_number) over (partition by contact_id) as first_row
      from contact_import_rows
      where import_id = ${I} and workspace_id = ${W} and outcome = 'updated'
    ) d
    where r.import_id = ${I} and r.row_number = d.row_number and d.first_row < r.row_number`);
}

/** Two statements whatever the file size: one UPDATE … FROM for the matches, one INSERT … SELECT for the new. */
async function writeContacts(tx: Tx, W: string, I: string, userId: string) {
  await tx.execute(sql`
    update contacts c
    set first_name = r.first_name,
        last_name = case when r.last_name <> '' then r.last_name else c.last_name end,
        email = coalesce(r.email, c.email),
        phone = coalesce(r.phone, c.phone),
        company = case when r.company <> '' then r.company else c.company end,
        updated_at = now()
    from contact_import_rows r
    where r.import_id = ${I} and r.workspace_id = ${W} and r.outcome = 'updated'
      and c.id = r.contact_id and c.workspace_id = ${W}`);
  await tx.execute(sql`
    insert into contacts (id, workspace_id, first_name, last_name, email, phone, company, created_by)
    select contact_id, workspace_id, first_name, last_name, email, phone, company, ${userId}
    from contact_import_rows
    where import_id = ${I} and workspace_id = ${W} and outcome = 'created'
    order by row_number`);
}
