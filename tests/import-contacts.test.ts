import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AdminCtx } from "@/lib/auth/admin-context";
import { addContactImportRows, addContactImportRowsSchema } from "@/lib/contacts/add-contact-import-rows";
import { applyContactImport } from "@/lib/contacts/apply-contact-import";
import { createContact, createContactSchema } from "@/lib/contacts/create-contact";
import { chunkImportRows, importReportCsv, parseContactsCsv, toImportRows } from "@/lib/contacts/csv";
import { importContacts } from "@/lib/contacts/import-contacts";
import { IMPORT_CHUNK_ROWS, IMPORT_MAX_ROWS, type ImportRow } from "@/lib/contacts/import-contacts.schema";
import { guessMapping, mappingProblems, splitFullName } from "@/lib/contacts/import-mapping";
import { startContactImport } from "@/lib/contacts/start-contact-import";
import { auditEvents, contactImports, contacts } from "@/lib/db/schema";
import { getContactImport, listContactImportRows } from "@/lib/db/queries/contacts";
import { createTestDb, type TestDb } from "./helpers/db";
import { makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

const create = (ctx: AdminCtx, raw: Record<string, unknown>) => createContact(ctx, createContactSchema.parse(raw));

async function allContacts(ctx: AdminCtx) {
  return t.db
    .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone, company: contacts.company, updatedAt: contacts.updatedAt })
    .from(contacts)
    .where(eq(contacts.workspaceId, ctx.workspace.id))
    .orderBy(contacts.id);
}

async function importAudits(ctx: AdminCtx) {
  return t.db.select({ data: auditEvents.data }).from(auditEvents).where(and(eq(auditEvents.workspaceId, ctx.workspace.id), eq(auditEvents.action, "contact.import")));
}

describe("reading the file in the browser", () => {
  test("BOM, CRLF, quoted multi-line cells, blank lines and short rows", async () => {
    const csv = '\uFEFFFirst Name,Last Name,Email Address,Mobile\r\n"Asha","Rao","asha@example.in","098765 43210"\r\n\r\n"Ravi ""RK""",Kumar,ravi@example.in,"98765-00000"\r\n"Mary\r\nAnn",Smith,mary@example.in\r\n';
    const parsed = await parseContactsCsv(csv, { maxRows: 10 });
    expect(parsed.headers).toEqual(["First Name", "Last Name", "Email Address", "Mobile"]);
    expect(parsed.rows).toHaveLength(3);
    expect(parsed.rows[1].cells[0]).toBe('Ravi "RK"');
    expect(parsed.rows[2].cells[0]).toBe("Mary\r\nAnn");
    const mapping = guessMapping(parsed.headers);
    expect(mapping).toEqual(["firstName", "lastName", "email", "phone"]);
    const rows = toImportRows(parsed.rows, mapping);
    // Row numbers as a spreadsheet shows them: the blank line is row 3, the multi-line cell stays in row 5.
    expect(rows.map((r) => r.row)).toEqual([2, 4, 5]);
    expect(rows[2]).toEqual({ row: 5, firstName: "Mary\r\nAnn", lastName: "Smith", email: "mary@example.in" });
  });

  test("a file over the limit is noticed while parsing", async () => {
    const csv = "Name,Email\n" + Array.from({ length: 30 }, (_, i) => `P${i},p${i}@x.io`).join("\n");
    const parsed = await parseContactsCsv(csv, { maxRows: 20 });
    expect(parsed.tooLarge).toBe(true);
  });

  test("columns are guessed from common headers", () => {
    expect(guessMapping(["Full name", "Email", "Phone Number", "Company"])).toEqual(["fullName", "email", "phone", "company"]);
    expect(guessMapping(["Name", "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Value", "Organization 1 - Name"])).toEqual([
      "fullName",
      null,
      "email",
      "phone",
      "company",
    ]);
    expect(guessMapping(["Given Name", "Family Name", "Name", "Mobile", "Phone Number", "Notes"])).toEqual([
      "firstName",
      "lastName",
      null,
      "phone",
      null,
      null,
    ]);
    expect(splitFullName("  Mary Ann  Smith ")).toEqual({ firstName: "Mary Ann", lastName: "Smith" });
    expect(splitFullName("Cher")).toEqual({ firstName: "Cher", lastName: "" });
    expect(mappingProblems(["company", null])).toHaveLength(2);
    expect(mappingProblems(["email", "email", "firstName"])).toEqual(["Only one column can be mapped to Email."]);
  });

  test("chunks stay under the row and size limits", () => {
    const rows: ImportRow[] = Array.from({ length: 2500 }, (_, i) => ({ row: i + 2, firstName: "x".repeat(500), email: `p${i}@x.io` }));
    const chunks = chunkImportRows(rows, 100_000);
    expect(chunks.flat()).toHaveLength(2500);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(IMPORT_CHUNK_ROWS);
    expect(Math.max(...chunks.map((c) => JSON.stringify(c).length))).toBeLessThan(110_000);
  });

  test("the rejected-rows CSV keeps phone numbers and defuses formulas", () => {
    const rows = [{ row: 3, outcome: "rejected" as const, reason: "phone '12345' is not a valid number", raw: { firstName: '=HYPERLINK("x")', phone: "+91 98765 43210" } }];
    expect(importReportCsv(rows, { withOutcome: false })).toBe(`Row,Reason,First name,Phone\r\n3,phone '12345' is not a valid number,"'=HYPERLINK(""x"")",+91 98765 43210`);
    expect(importReportCsv(rows, { withOutcome: true }).split("\r\n")[0]).toBe("Row,Result,Reason,First name,Phone");
  });
});

describe("applying an import", () => {
  test("mixed good and bad rows give the right imported / updated / rejected report", async () => {
    const ctx = await makeWorkspace(t.db, { country: "IN" });
    const existingA = await create(ctx, { firstName: "Anil", lastName: "Shah", email: "anil@example.in", phone: "9000000001", company: "Old Co" });
    const existingB = await create(ctx, { firstName: "Bina", lastName: "Das", email: "bina@example.in", phone: "9000000002" });
    const report = await importContacts(ctx, {
      fileName: "clients.csv",
      rows: [
        { firstName: "Asha", lastName: "Rao", email: "Asha@Example.in", phone: "098765 43210" }, // 2 created
        { firstName: "Anil", lastName: "", email: "ANIL@example.in", company: "New Co" }, // 3 updates A by email
        { firstName: "Bad", phone: "12345" }, // 4 invalid phone
        { firstName: "Bad", email: "not-an-email" }, // 5 invalid email
        { email: "noname@example.in" }, // 6 no name
        { firstName: "Twin", email: "asha@example.in" }, // 7 same email as row 2
        { firstName: "Cross", email: "anil@example.in", phone: "+91 90000 00002" }, // 8 email → A, phone → B
        { firstName: "Nobody" }, // 9 nothing to match by
        { fullName: "Mary Ann Smith", phone: "+44 7400 123456" }, // 10 created, name split
        { firstName: "Bina", phone: "90000-00002", email: "bina.new@example.in" }, // 11 updates B by phone, new email
        { firstName: "Again", phone: "9000000001" }, // 12 matches A by phone, like row 3
        { firstName: "Nul\u0000Byte", email: "nul@example.in" }, // 13 created, the NUL dropped
      ],
    });
    expect(report).toMatchObject({ total: 12, created: 3, updated: 2, rejected: 7 });
    const reasons = Object.fromEntries(report.rejectedRows.map((r) => [r.row, r.reason]));
    expect(reasons[4]).toBe("phone '12345' is not a valid number");
    expect(reasons[5]).toBe("email 'not-an-email' is not a valid address");
    expect(reasons[6]).toBe("the name is empty");
    expect(reasons[7]).toBe("email asha@example.in is also in row 2");
    expect(reasons[8]).toBe('email anil@example.in belongs to "Anil Shah" but phone +91 90000 00002 belongs to "Bina Das" (another contact); fix the row or edit one of those contacts first');
    expect(reasons[9]).toMatch(/^there is no email or phone number/);
    expect(reasons[12]).toBe("it matches the same existing contact as row 3");

    const rows = await allContacts(ctx);
    expect(rows).toHaveLength(5);
    const byEmail = Object.fromEntries(rows.map((r) => [r.email ?? r.phone, r]));
    expect(byEmail["asha@example.in"]).toMatchObject({ firstName: "Asha", lastName: "Rao", phone: "+919876543210" });
    expect(byEmail["anil@example.in"]).toMatchObject({ id: existingA.id, lastName: "Shah", company: "New Co", phone: "+919000000001" }); // blanks keep
    expect(byEmail["bina.new@example.in"]).toMatchObject({ id: existingB.id, lastName: "Das", phone: "+919000000002" });
    expect(byEmail["+447400123456"]).toMatchObject({ firstName: "Mary Ann", lastName: "Smith" });
    expect(byEmail["nul@example.in"]).toMatchObject({ firstName: "NulByte" });

    const stored = await listContactImportRows(t.db, { workspaceId: ctx.workspace.id, importId: report.importId, limit: 100 });
    expect(stored.map((r) => r.outcome)).toEqual(["created", "updated", "rejected", "rejected", "rejected", "rejected", "rejected", "rejected", "created", "updated", "rejected", "created"]);
    expect(stored[1].contactId).toBe(existingA.id);
    expect(stored[0].contactId).toBe(byEmail["asha@example.in"].id);
    expect(await importAudits(ctx)).toEqual([{ data: { fileName: "clients.csv", total: 12, created: 3, updated: 2, rejected: 7 } }]);
    expect(await getContactImport(t.db, { workspaceId: ctx.workspace.id, importId: report.importId })).toMatchObject({ status: "applied", created: 3, updated: 2, rejected: 7 });
  });

  test("re-importing the same file updates rather than duplicates", async () => {
    const ctx = await makeWorkspace(t.db);
    const rows = Array.from({ length: 25 }, (_, i) => ({ firstName: `P${i}`, email: `p${i}@example.in`, phone: `98765${String(i).padStart(5, "0")}` }));
    expect(await importContacts(ctx, { rows })).toMatchObject({ created: 25, updated: 0, rejected: 0 });
    expect(await importContacts(ctx, { rows })).toMatchObject({ created: 0, updated: 25, rejected: 0 });
    expect(await allContacts(ctx)).toHaveLength(25);
  });

  test("a failure during apply leaves contacts and the import untouched", async () => {
    const ctx = await makeWorkspace(t.db);
    await create(ctx, { firstName: "Keep", lastName: "Me", email: "keep@example.in", company: "Before" });
    const before = await allContacts(ctx);
    // A trigger stands in for anything failing mid-transaction: it fires after the updates have run.
    await t.db.execute(sql.raw(`
      create or replace function test_boom() returns trigger language plpgsql as $$
      begin if new.first_name = 'Boom' then raise exception 'boom'; end if; return new; end $$`));
    await t.db.execute(sql.raw(`create trigger test_boom before insert on contacts for each row execute function test_boom()`));
    try {
      const { importId } = await startContactImport(ctx, { fileName: "x.csv", totalRows: 3, fields: ["firstName", "email", "company"] });
      await addContactImportRows(ctx, {
        importId,
        rows: [
          { row: 2, firstName: "Keep", email: "keep@example.in", company: "After" },
          { row: 3, firstName: "New", email: "new@example.in" },
          { row: 4, firstName: "Boom", email: "boom@example.in" },
        ],
      });
      await expect(applyContactImport(ctx, { importId })).rejects.toThrow();
      expect(await allContacts(ctx)).toEqual(before);
      expect(await getContactImport(t.db, { workspaceId: ctx.workspace.id, importId })).toMatchObject({ status: "staging", created: 0 });
      expect(await importAudits(ctx)).toEqual([]);
      const staged = await listContactImportRows(t.db, { workspaceId: ctx.workspace.id, importId, limit: 10 });
      expect(staged.every((r) => r.outcome === null)).toBe(true);
    } finally {
      await t.db.execute(sql.raw(`drop trigger test_boom on contacts`));
      await t.db.execute(sql.raw(`drop function test_boom()`));
    }
  });

  test("the import is refused up front when it cannot work", async () => {
    const ctx = await makeWorkspace(t.db);
    const start = (totalRows: number, fields: ("firstName" | "fullName" | "email" | "phone" | "company")[]) =>
      startContactImport(ctx, { fileName: "f.csv", totalRows, fields });
    await expect(start(0, ["firstName", "email"])).rejects.toMatchObject({ code: "IMPORT_EMPTY" });
    await expect(start(IMPORT_MAX_ROWS + 1, ["firstName", "email"])).rejects.toMatchObject({
      code: "IMPORT_TOO_LARGE",
      message: expect.stringContaining("100,000"),
    });
    await expect(start(5, ["email", "company"])).rejects.toMatchObject({ code: "IMPORT_NO_NAME_COLUMN" });
    await expect(start(5, ["fullName", "company"])).rejects.toMatchObject({ code: "IMPORT_NO_KEY_COLUMN" });
    await expect(start(IMPORT_MAX_ROWS, ["fullName", "phone"])).resolves.toMatchObject({ importId: expect.any(String) });
  });

  test("missing chunks, out-of-range rows and a second apply are refused; a retried chunk counts once", async () => {
    const ctx = await makeWorkspace(t.db);
    const { importId } = await startContactImport(ctx, { fileName: "f.csv", totalRows: 3, fields: ["firstName", "email"] });
    const chunk = { importId, rows: [{ row: 2, firstName: "A", email: "a@example.in" }, { row: 3, firstName: "B", email: "b@example.in" }] };
    expect(await addContactImportRows(ctx, chunk)).toEqual({ received: 2, invalid: 0 });
    expect(await addContactImportRows(ctx, chunk)).toEqual({ received: 2, invalid: 0 });
    await expect(applyContactImport(ctx, { importId })).rejects.toMatchObject({ code: "IMPORT_INCOMPLETE" });
    expect(await allContacts(ctx)).toEqual([]);
    await expect(
      addContactImportRows(ctx, { importId, rows: [{ row: 5, firstName: "C", email: "c@example.in" }, { row: 6, firstName: "D", email: "d@example.in" }] }),
    ).rejects.toMatchObject({ code: "IMPORT_BAD_CHUNK" }); // more rows than announced: nothing of that chunk is kept
    expect(addContactImportRowsSchema.safeParse({ importId, rows: [{ row: 4, firstName: "C" }, { row: 4, firstName: "D" }] }).success).toBe(false);
    expect(addContactImportRowsSchema.safeParse({ importId, rows: [{ row: 1, firstName: "Header" }] }).success).toBe(false);
    await addContactImportRows(ctx, { importId, rows: [{ row: 4, firstName: "C", email: "c@example.in" }] });
    expect(await applyContactImport(ctx, { importId })).toMatchObject({ created: 3 });
    await expect(applyContactImport(ctx, { importId })).rejects.toMatchObject({ code: "IMPORT_ALREADY_APPLIED" });
    await expect(addContactImportRows(ctx, chunk)).rejects.toMatchObject({ code: "IMPORT_ALREADY_APPLIED" });
    expect(await allContacts(ctx)).toHaveLength(3);
  });

  test("10,000 rows import in one go", async () => {
    const ctx = await makeWorkspace(t.db, { country: "IN" });
    await importContacts(ctx, { rows: Array.from({ length: 2000 }, (_, i) => ({ firstName: `Old${i}`, email: `user${i}@example.in` })) });
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      firstName: `User${i}`,
      lastName: "Test",
      email: `User${i}@Example.in`,
      phone: `9${String(100000000 + i)}`,
      company: "Bulk",
    }));
    const started = performance.now();
    const report = await importContacts(ctx, { fileName: "big.csv", rows });
    const ms = performance.now() - started;
    console.log(`[${t.kind}] imported 10,000 rows (8,000 new, 2,000 updated) in ${Math.round(ms)} ms`);
    expect(report).toMatchObject({ total: 10_000, created: 8000, updated: 2000, rejected: 0 });
    expect(await allContacts(ctx)).toHaveLength(10_000);
  }, 120_000);
});

/** The rule the import promises, row by row: a row is applied unless an earlier row that was applied has its email, its phone or (for an update) its contact. */
function greedyOutcomes(rows: { email?: string; phone?: string }[], existing: { id: string; email: string | null; phone: string | null }[]) {
  const byEmail = new Map(existing.filter((c) => c.email).map((c) => [c.email!, c.id]));
  const byPhone = new Map(existing.filter((c) => c.phone).map((c) => [c.phone!, c.id]));
  const taken = new Map<string, number>();
  return rows.map((r, i) => {
    const row = i + 2;
    const e = r.email ? byEmail.get(r.email) : undefined;
    const p = r.phone ? byPhone.get(r.phone) : undefined;
    if (e && p && e !== p) return { row, outcome: "rejected", reason: expect.stringContaining("(another contact)") };
    const contact = e ?? p;
    const keys: [string, string][] = [];
    if (r.email) keys.push([`e:${r.email}`, `email ${r.email} is also in row `]);
    if (r.phone) keys.push([`p:${r.phone}`, `phone ${r.phone} is also in row `]);
    if (contact) keys.push([`c:${contact}`, "it matches the same existing contact as row "]);
    const hit = keys.find(([k]) => taken.has(k));
    if (hit) return { row, outcome: "rejected", reason: hit[1] + taken.get(hit[0]) };
    for (const [k] of keys) taken.set(k, row);
    return { row, outcome: contact ? "updated" : "created", reason: null };
  });
}

async function outcomes(ctx: AdminCtx, importId: string) {
  const stored = await listContactImportRows(t.db, { workspaceId: ctx.workspace.id, importId, limit: 100_000 });
  return stored.map((r) => ({ row: r.row, outcome: r.outcome, reason: r.reason }));
}

describe("the same email or phone twice in the file", () => {
  test("a row rejected for its phone does not block a later row with the same email", async () => {
    const ctx = await makeWorkspace(t.db, { country: "IN" });
    const report = await importContacts(ctx, {
      rows: [
        { firstName: "Two", email: "e2@example.in", phone: "+91 98765 00001" }, // 2 applied
        { firstName: "Three", email: "e3@example.in", phone: "+91 98765 00001" }, // 3 phone already in row 2
        { firstName: "Four", email: "e3@example.in", phone: "+91 98765 00002" }, // 4 applied: row 3 was not
      ],
    });
    expect(await outcomes(ctx, report.importId)).toEqual([
      { row: 2, outcome: "created", reason: null },
      { row: 3, outcome: "rejected", reason: "phone +91 98765 00001 is also in row 2" },
      { row: 4, outcome: "created", reason: null },
    ]);
    expect((await allContacts(ctx)).map((c) => c.email).sort()).toEqual(["e2@example.in", "e3@example.in"]);
  });

  test("a row rejected for its email does not block a later row with the same phone", async () => {
    const ctx = await makeWorkspace(t.db, { country: "IN" });
    const report = await importContacts(ctx, {
      rows: [
        { firstName: "A", email: "e1@example.in", phone: "+919876500001" },
        { firstName: "B", email: "e1@example.in", phone: "+919876500002" },
        { firstName: "C", email: "e2@example.in", phone: "+919876500002" },
      ],
    });
    expect(await outcomes(ctx, report.importId)).toEqual([
      { row: 2, outcome: "created", reason: null },
      { row: 3, outcome: "rejected", reason: "email e1@example.in is also in row 2" },
      { row: 4, outcome: "created", reason: null },
    ]);
  });

  test("a long chain of rows each sharing a key with the next is decided like row-by-row", async () => {
    const ctx = await makeWorkspace(t.db, { country: "IN" });
    // Row k has email e(⌈k/2⌉) and phone p(⌊k/2⌋): each row is blocked only by the one before, if that one is applied.
    const rows = Array.from({ length: 301 }, (_, k) => ({
      firstName: `C${k}`,
      email: `e${Math.ceil(k / 2)}@example.in`,
      phone: `+91987650${String(Math.floor(k / 2)).padStart(4, "0")}`,
    }));
    const started = performance.now();
    const report = await importContacts(ctx, { rows });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(report).toMatchObject({ created: 151, rejected: 150 });
    expect(await outcomes(ctx, report.importId)).toEqual(greedyOutcomes(rows, []));
  });

  test("random files with many duplicates and existing contacts match the row-by-row rule", async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = (n: number) => Math.floor(rand() * n);
    for (let round = 0; round < 4; round++) {
      const ctx = await makeWorkspace(t.db, { country: "IN" });
      const email = (i: number) => `u${i}@example.in`;
      const phone = (i: number) => `+91987651${String(i).padStart(4, "0")}`;
      for (let i = 0; i < 12; i++) {
        await create(ctx, { firstName: `Old${i}`, ...(i % 3 !== 2 ? { email: email(i * 2) } : {}), ...(i % 3 !== 1 ? { phone: phone(i * 3) } : {}) });
      }
      const existing = await allContacts(ctx);
      const rows = Array.from({ length: 400 }, (_, k) => {
        const r: { firstName: string; email?: string; phone?: string } = { firstName: `R${k}` };
        const kind = pick(4);
        if (kind !== 0) r.email = email(pick(60));
        if (kind !== 1) r.phone = phone(pick(60));
        return r;
      });
      const report = await importContacts(ctx, { rows });
      const expected = greedyOutcomes(rows, existing);
      expect(await outcomes(ctx, report.importId)).toEqual(expected);
      expect(report.created + report.updated).toBe(expected.filter((e) => e.outcome !== "rejected").length);
    }
  });
});

/** Waits until some session of this test database is waiting for a row lock. */
async function someoneWaitsForALock() {
  for (let i = 0; i < 500; i++) {
    const res = (await t.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)) as unknown;
    const rows = (Array.isArray(res) ? res : (res as { rows: { n: number }[] }).rows) as { n: number }[];
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("nobody waited for a lock");
}

/** Runs `change` in a transaction that stays open until `apply` is waiting for its locks, then commits it. */
async function applyWhileChanging(ctx: AdminCtx, importId: string, change: (tx: Parameters<Parameters<typeof t.db.transaction>[0]>[0]) => Promise<unknown>) {
  let changed!: () => void;
  let release!: () => void;
  const changedP = new Promise<void>((r) => (changed = r));
  const releaseP = new Promise<void>((r) => (release = r));
  const other = t.db.transaction(async (tx) => {
    await change(tx);
    changed();
    await releaseP;
  });
  await changedP;
  const applying = applyContactImport(ctx, { importId });
  applying.catch(() => {});
  try {
    await someoneWaitsForALock();
  } finally {
    release();
    await other;
  }
  return applying;
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("contacts changed by someone else while the import is applied (Postgres)", () => {
  test("a contact deleted meanwhile is not reported as updated", async () => {
    const ctx = await makeWorkspace(t.db);
    const gone = await create(ctx, { firstName: "Gone", email: "gone@example.in" });
    const { importId } = await startContactImport(ctx, { fileName: "f.csv", totalRows: 1, fields: ["firstName", "lastName", "email"] });
    await addContactImportRows(ctx, { importId, rows: [{ row: 2, firstName: "Gone", lastName: "Again", email: "gone@example.in" }] });

    const report = await applyWhileChanging(ctx, importId, (tx) => tx.delete(contacts).where(eq(contacts.id, gone.id)));

    expect(report).toMatchObject({ created: 1, updated: 0, rejected: 0 });
    const [row] = await listContactImportRows(t.db, { workspaceId: ctx.workspace.id, importId, limit: 10 });
    const now = await allContacts(ctx);
    expect(now).toHaveLength(1);
    expect(row).toMatchObject({ outcome: "created", contactId: now[0].id });
    expect(now[0]).toMatchObject({ firstName: "Gone", lastName: "Again", email: "gone@example.in" });
    expect(now[0].id).not.toBe(gone.id);
  });

  test("an edit made meanwhile is seen, not silently overwritten", async () => {
    const ctx = await makeWorkspace(t.db);
    const moved = await create(ctx, { firstName: "Moved", email: "old@example.in", company: "Before" });
    const { importId } = await startContactImport(ctx, { fileName: "f.csv", totalRows: 1, fields: ["firstName", "email", "company"] });
    await addContactImportRows(ctx, { importId, rows: [{ row: 2, firstName: "Fresh", email: "old@example.in", company: "File" }] });

    const report = await applyWhileChanging(ctx, importId, (tx) =>
      tx.update(contacts).set({ email: "new@example.in", company: "Edited" }).where(eq(contacts.id, moved.id)),
    );

    // The edit took the address away from the matched contact, so the row is a new contact and the edit stays.
    expect(report).toMatchObject({ created: 1, updated: 0 });
    const now = Object.fromEntries((await allContacts(ctx)).map((c) => [c.email, c]));
    expect(now["new@example.in"]).toMatchObject({ id: moved.id, firstName: "Moved", company: "Edited" });
    expect(now["old@example.in"]).toMatchObject({ firstName: "Fresh", company: "File" });
  });

  test("an edit made meanwhile that keeps the match is kept, and the row applied on top of it", async () => {
    const ctx = await makeWorkspace(t.db);
    const kept = await create(ctx, { firstName: "Kept", lastName: "Name", email: "kept@example.in", company: "Before" });
    const { importId } = await startContactImport(ctx, { fileName: "f.csv", totalRows: 1, fields: ["firstName", "email", "company"] });
    await addContactImportRows(ctx, { importId, rows: [{ row: 2, firstName: "Kept", email: "kept@example.in", company: "File" }] });

    const report = await applyWhileChanging(ctx, importId, (tx) => tx.update(contacts).set({ lastName: "Edited" }).where(eq(contacts.id, kept.id)));

    expect(report).toMatchObject({ created: 0, updated: 1 });
    expect(await allContacts(ctx)).toEqual([expect.objectContaining({ id: kept.id, lastName: "Edited", company: "File" })]);
  });
});

describe("tenant isolation", () => {
  test("an admin of workspace A cannot touch workspace B's imports or import over B's contacts", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    await create(b, { firstName: "Secret", email: "secret@b.example", phone: "+91 98765 22222", company: "B Corp" });
    const { importId } = await startContactImport(b, { fileName: "b.csv", totalRows: 1, fields: ["firstName", "email"] });
    await addContactImportRows(b, { importId, rows: [{ row: 2, firstName: "B2", email: "b2@b.example" }] });
    const snapshot = await allContacts(b);

    await expect(addContactImportRows(a, { importId, rows: [{ row: 2, firstName: "Evil", email: "secret@b.example" }] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(applyContactImport(a, { importId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await getContactImport(t.db, { workspaceId: a.workspace.id, importId })).toBeNull();
    expect(await listContactImportRows(t.db, { workspaceId: a.workspace.id, importId, limit: 10 })).toEqual([]);

    // Importing B's contact's email and phone into A creates A's own contact; B's is untouched.
    const report = await importContacts(a, { rows: [{ firstName: "Hacked", email: "secret@b.example", phone: "+91 98765 22222", company: "Evil" }] });
    expect(report).toMatchObject({ created: 1, updated: 0 });
    expect(await allContacts(b)).toEqual(snapshot);
    const [imp] = await t.db.select({ status: contactImports.status }).from(contactImports).where(eq(contactImports.id, importId));
    expect(imp.status).toBe("staging");
  });
});
