import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import type { OpsCtx } from "@/lib/ops-context";
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
export async function applyContactImport(ctx: OpsCtx, input: ApplyContactImportInput): Promise<ContactImportSummary> {
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
    update contact_import_rows r set outcome = 'rejected', reason = error
    where import_id = ${I} and workspace_id = ${W} and error is not null`);

  // Lock the contacts the rows match, in id order, and keep them as they are once locked: a contact someone else is
  // deleting or editing is waited for and then seen as it now is (gone, or edited), and none of them can change
  // until the import commits, so classification and writes see the same contacts. (NO KEY UPDATE is the lock our
  // UPDATE takes anyway; unlike FOR UPDATE it does not block rows elsewhere that merely reference a contact.)
  // Rows are matched only against these locked contacts, so one that starts to match after the lock (say, edited
  // to take an address in the file) is never written unlocked: the row is treated as new, its insert fails on the
  // unique index, and the whole import is refused with IMPORT_CONFLICT.
  // A temp table with indexes rather than a CTE: the staged rows have no statistics yet, and the planner would
  // otherwise scan a CTE once per row.
  await tx.execute(sql`
    create temp table import_matches on commit drop as
    select c.id, c.email, c.phone, '"' || trim(c.first_name || ' ' || c.last_name) || '"' as name
    from contacts c
    where c.workspace_id = ${W} and c.id in (
      select ce.id from contact_import_rows s join contacts ce on ce.workspace_id = ${W} and ce.email = s.email
      where s.import_id = ${I} and s.workspace_id = ${W} and s.outcome is null
      union
      select cp.id from contact_import_rows s join contacts cp on cp.workspace_id = ${W} and cp.phone = s.phone
      where s.import_id = ${I} and s.workspace_id = ${W} and s.outcome is null)
    order by c.id
    for no key update of c`);
  await tx.execute(sql`create index on import_matches (email)`);
  await tx.execute(sql`create index on import_matches (phone)`);
  await tx.execute(sql`analyze import_matches`);

  // Match by email, then phone (new contacts get their ids now, so the report can link to them); a row whose email
  // and phone belong to two different contacts cannot be applied without moving one, so it is rejected. Each row
  // looks its contacts up by index (a join could be planned as a nested loop, the staged rows having no statistics).
  await tx.execute(sql`
    update contact_import_rows r
    set (outcome, contact_id, reason) = (
      select (case when ce.id <> cp.id then 'rejected'
                   when coalesce(ce.id, cp.id) is null then 'created'
                   else 'updated' end)::contact_import_outcome,
             case when ce.id <> cp.id then null else coalesce(ce.id, cp.id, gen_random_uuid()) end,
             case when ce.id <> cp.id
                  then 'email ' || r.email || ' belongs to ' || ce.name || ' but phone '
                       || coalesce(r.raw->>'phone', r.phone) || ' belongs to ' || cp.name
                       || ' (another contact); fix the row or edit one of those contacts first' end
      from (select) one
      left join import_matches ce on ce.email = r.email
      left join import_matches cp on cp.phone = r.phone)
    where r.import_id = ${I} and r.workspace_id = ${W} and r.outcome is null`);
  await tx.execute(sql`drop table import_matches`);

  await rejectInFileDuplicates(tx, W, I);
}

/** Rounds of set-based resolution before the rest of a (pathological) chain of duplicates is finished in memory. */
const DUPLICATE_ROUNDS = 8;

/**
 * Two rows cannot both be applied when they share an email, a phone, or the existing contact they would update.
 * The rule is the one a person would apply going down the file: a row is applied unless an earlier row that *is
 * applied* already has its email, phone or contact. (So a row rejected for its phone does not stop a later row with
 * its email.) Only rows that share something take part, and each round settles many of them at once:
 *   1. a row is applied when no earlier row still in the running shares anything with it;
 *   2. a row is rejected when an applied row shares something with it (its reason will name that row).
 * Each round applies at least the first undecided row, and ordinary files settle in one to three rounds. A file
 * built as a chain (each row blocked only by the one before) would need a round per link, so after a few rounds
 * the undecided rest is decided row by row in memory (one read, one write) — the same rule, so the same outcome.
 */
async function rejectInFileDuplicates(tx: Tx, W: string, I: string) {
  // state: u = undecided, a = applied, r = rejected. Created rows have fresh contact ids, so only updates share one.
  await tx.execute(sql`
    create temp table import_dups (
      row_number int primary key, email text, phone text, contact_id uuid not null, shown_phone text,
      state "char" not null default 'u', reason text
    ) on commit drop`);
  await tx.execute(sql`
    insert into import_dups (row_number, email, phone, contact_id, shown_phone)
    select row_number, email, phone, contact_id, shown_phone from (
      select row_number, email, phone, contact_id, coalesce(raw->>'phone', phone) as shown_phone,
             count(email) over (partition by email) as n_email,
             count(phone) over (partition by phone) as n_phone,
             count(*) over (partition by contact_id) as n_contact
      from contact_import_rows
      where import_id = ${I} and workspace_id = ${W} and outcome in ('created', 'updated')
    ) x
    where n_email > 1 or n_phone > 1 or n_contact > 1`);
  // Statistics, so the self-joins below are planned for the real size (not as nested loops over an "empty" table).
  await tx.execute(sql`analyze import_dups`);

  // For each row: the applied row (there is at most one) with the same email, phone or contact, if it comes earlier.
  const blockers = sql`
    select row_number, state, case when e < row_number then e end as e, case when p < row_number then p end as p,
           case when c < row_number then c end as c
    from (
      select row_number, state,
             case when email is not null then min(row_number) filter (where state = 'a') over (partition by email) end as e,
             case when phone is not null then min(row_number) filter (where state = 'a') over (partition by phone) end as p,
             min(row_number) filter (where state = 'a') over (partition by contact_id) as c
      from import_dups
    ) w`;
  const rejectBlocked = () =>
    tx.execute(sql`
      update import_dups d set state = 'r'
      from (${blockers}) f
      where d.row_number = f.row_number and d.state = 'u' and coalesce(f.e, f.p, f.c) is not null`);
  const undecided = async () => {
    const [{ n }] = await rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from import_dups where state = 'u'`));
    return n;
  };

  let left = await undecided();
  for (let round = 0; left > 0 && round < DUPLICATE_ROUNDS; round++) {
    await tx.execute(sql`
      update import_dups d set state = 'a'
      from (
        select row_number,
               min(row_number) over (partition by email) as e,
               min(row_number) over (partition by phone) as p,
               min(row_number) over (partition by contact_id) as c
        from import_dups where state <> 'r'
      ) f
      where d.row_number = f.row_number and d.state = 'u'
        and (d.email is null or f.e = d.row_number) and (d.phone is null or f.p = d.row_number) and f.c = d.row_number`);
    await rejectBlocked();
    left = await undecided();
  }
  if (left > 0) {
    // No undecided row shares anything with an applied one (step 2 saw to that), so going down the undecided rows
    // alone gives the same outcome as going down the whole file.
    const rest = await rowsOf<{ row_number: number; email: string | null; phone: string | null; contact_id: string }>(
      await tx.execute(sql`select row_number, email, phone, contact_id from import_dups where state = 'u' order by row_number`),
    );
    const taken = new Set<string>();
    const applied: number[] = [];
    for (const r of rest) {
      const keys = [r.email && `e:${r.email}`, r.phone && `p:${r.phone}`, `c:${r.contact_id}`].filter((k): k is string => !!k);
      if (keys.some((k) => taken.has(k))) continue;
      for (const k of keys) taken.add(k);
      applied.push(r.row_number);
    }
    await tx.execute(sql`
      update import_dups set state = 'a'
      where row_number in (select jsonb_array_elements_text(${JSON.stringify(applied)}::jsonb)::int)`);
    await rejectBlocked();
    if ((await undecided()) > 0) throw new Error("import duplicates left undecided");
  }

  // The reasons, once every row is decided: name the earlier applied row with the same email, else phone, else contact.
  await tx.execute(sql`
    update import_dups d
    set reason = case when f.e is not null then 'email ' || d.email || ' is also in row ' || f.e
                      when f.p is not null then 'phone ' || d.shown_phone || ' is also in row ' || f.p
                      else 'it matches the same existing contact as row ' || f.c end
    from (${blockers}) f
    where d.row_number = f.row_number and d.state = 'r'`);
  await tx.execute(sql`
    update contact_import_rows r
    set outcome = 'rejected', contact_id = null, reason = d.reason
    from import_dups d
    where r.import_id = ${I} and r.workspace_id = ${W} and r.row_number = d.row_number and d.state = 'r'`);
  await tx.execute(sql`drop table import_dups`);
}

/** Rows of a raw `execute`, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
function rowsOf<T>(res: unknown): T[] {
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

/** Two statements whatever the file size: one UPDATE … FROM for the matches, one INSERT … SELECT for the new. */
async function writeContacts(tx: Tx, W: string, I: string, userId: string | null) {
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
