import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { contextFor, type AdminCtx } from "@/lib/auth/admin-context";
import { auditEvents, dltTemplates, senderIds } from "@/lib/db/schema";
import { DLT_IMPORT_ROLE } from "@/lib/sms/dlt-import/dlt-import.schema";
import { importDltTemplates } from "@/lib/sms/dlt-import/import-dlt-templates";
import { parseDltFile } from "@/lib/sms/dlt-import/parse-dlt-file";
import { previewDltImport } from "@/lib/sms/dlt-import/preview-dlt-import";
import { isDltApproved } from "@/lib/sms/sender-id";
import { createTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";

let t: TestDb;
beforeAll(async () => void (t = await createTestDb()));
afterAll(async () => t.close());

// CI has shared/ beside the clone; a git worktree sits one level deeper (worktrees/<name>), so look one level up too.
const FIXTURES = ["../shared/fixtures/dlt", "../../shared/fixtures/dlt"].map((p) => path.resolve(process.cwd(), p)).find((p) => existsSync(p)) ?? path.resolve(process.cwd(), "../shared/fixtures/dlt");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);

async function stored(ctx: AdminCtx) {
  return t.db
    .select()
    .from(dltTemplates)
    .where(eq(dltTemplates.workspaceId, ctx.workspace.id))
    .orderBy(dltTemplates.templateId);
}

async function audits(ctx: AdminCtx) {
  return t.db
    .select({ action: auditEvents.action, data: auditEvents.data })
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, ctx.workspace.id), eq(auditEvents.action, "dlt_templates.import")));
}

describe("the two sample exports", () => {
  test("Jio: the three approved and active rows are imported, the rejected promotional one is skipped with why", async () => {
    const ctx = await makeWorkspace(t.db);
    const preview = await previewDltImport(ctx, { bytes: fixture("jio-style.csv"), fileName: "jio-style.csv" });
    expect(preview.missing).toEqual([]);
    expect(preview.counts).toEqual({ import: 3, update: 0, unchanged: 0, retire: 0, skip: 1 });
    expect(preview.rows.map((r) => [r.row, r.action, r.skip])).toEqual([
      [2, "import", null],
      [3, "import", null],
      [4, "skip", "Rejected on DLT."],
      [5, "import", null],
    ]);
    // Nothing is written by a preview.
    expect(await stored(ctx)).toEqual([]);

    const result = await importDltTemplates(ctx, { bytes: fixture("jio-style.csv"), fileName: "jio-style.csv" });
    expect(result).toMatchObject({ imported: 3, updated: 0, unchanged: 0, skipped: 1, unregisteredSenderIds: ["ACMEIN"] });
    const rows = await stored(ctx);
    expect(rows.map((r) => r.templateId)).toEqual(["1107168543210987654", "1107168543210987655", "1107168543210987657"]);
    expect(rows[1]).toMatchObject({
      name: "portal_otp",
      senderId: "ACMEIN",
      content: "{#var#} is your Acme portal sign-in code. It is valid for 5 minutes. Do not share it. - Acme",
      type: "Transactional",
      contentType: "text",
      status: "Approved",
      entityId: null,
    });
    expect(await audits(ctx)).toEqual([expect.objectContaining({ data: expect.objectContaining({ imported: 3, skipped: 1, fileName: "jio-style.csv" }) })]);
  });

  test("Vilpower: CRLF, quote-prefixed IDs and entity IDs kept as strings, the pending row skipped", async () => {
    const ctx = await makeWorkspace(t.db);
    await t.db.insert(senderIds).values({ workspaceId: ctx.workspace.id, senderId: "ACMEIN" });
    const preview = await previewDltImport(ctx, { bytes: fixture("vilpower-style.csv"), fileName: "vilpower-style.csv" });
    expect(preview.counts).toEqual({ import: 2, update: 0, unchanged: 0, retire: 0, skip: 1 });
    expect(preview.rows[2]).toMatchObject({ row: 4, action: "skip", skip: "Pending approval on DLT.", templateId: "1207169999000011113" });
    expect(preview.unregisteredSenderIds).toEqual([]);
    const result = await importDltTemplates(ctx, { bytes: fixture("vilpower-style.csv"), fileName: "vilpower-style.csv" });
    expect(result).toMatchObject({ imported: 2, skipped: 1, unregisteredSenderIds: [] });
    const rows = await stored(ctx);
    expect(rows.map((r) => [r.templateId, r.entityId, r.consentTemplateId, r.type])).toEqual([
      ["1207169999000011111", "1201160000000012345", null, "Service Implicit"],
      ["1207169999000011112", "1201160000000012345", null, "Service Implicit"],
    ]);
    expect(rows[0].content).toBe("Use {#var#} to sign in to your Acme portal. Valid 5 min. -Acme");
  });
});

describe("re-uploading", () => {
  test("updates rows by template ID, keeps their ids, and changes nothing else", async () => {
    const ctx = await makeWorkspace(t.db);
    const other = await makeWorkspace(t.db);
    await importDltTemplates(other, { bytes: fixture("jio-style.csv"), fileName: "jio-style.csv" });
    await importDltTemplates(ctx, { bytes: fixture("jio-style.csv"), fileName: "jio-style.csv" });
    await importDltTemplates(ctx, { bytes: fixture("vilpower-style.csv"), fileName: "vilpower-style.csv" });
    const before = await stored(ctx);
    const otherBefore = await stored(other);

    // Same file again: every row is known and identical.
    expect((await previewDltImport(ctx, { bytes: fixture("jio-style.csv"), fileName: "jio-style.csv" })).counts).toEqual({ import: 0, update: 0, unchanged: 3, retire: 0, skip: 1 });
    const again = await importDltTemplates(ctx, { bytes: fixture("jio-style.csv"), fileName: "jio-style.csv" });
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 3, skipped: 1 });
    expect(await stored(ctx)).toEqual(before);

    // The portal edited one template's text and name; the file still lists another one.
    const edited = readFileSync(path.join(FIXTURES, "jio-style.csv"), "utf8")
      .replace("portal_otp", "portal_otp_v2")
      .replace("It is valid for 5 minutes.", "It is valid for 10 minutes.");
    const preview = await previewDltImport(ctx, { bytes: utf8(edited), fileName: "jio-edited.csv" });
    expect(preview.counts).toEqual({ import: 0, update: 1, unchanged: 2, retire: 0, skip: 1 });
    const result = await importDltTemplates(ctx, { bytes: utf8(edited), fileName: "jio-edited.csv" });
    expect(result).toMatchObject({ imported: 0, updated: 1, unchanged: 2, skipped: 1 });
    const after = await stored(ctx);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    const changed = after.find((r) => r.templateId === "1107168543210987655")!;
    expect(changed).toMatchObject({ name: "portal_otp_v2", content: expect.stringContaining("valid for 10 minutes") });
    expect(after.filter((r) => r.templateId !== "1107168543210987655")).toEqual(before.filter((r) => r.templateId !== "1107168543210987655"));
    // The other workspace's copy of the same template IDs is its own.
    expect(await stored(other)).toEqual(otherBefore);
  });

  test("another workspace's templates are never counted as updates, nor touched", async () => {
    const a = await makeWorkspace(t.db);
    const b = await makeWorkspace(t.db);
    await importDltTemplates(a, { bytes: fixture("vilpower-style.csv"), fileName: "v.csv" });
    const aBefore = await stored(a);
    const preview = await previewDltImport(b, { bytes: fixture("vilpower-style.csv"), fileName: "v.csv" });
    expect(preview.counts).toEqual({ import: 2, update: 0, unchanged: 0, retire: 0, skip: 1 });
    expect(await importDltTemplates(b, { bytes: fixture("vilpower-style.csv"), fileName: "v.csv" })).toMatchObject({ imported: 2, updated: 0 });
    expect(await stored(a)).toEqual(aBefore);
  });

  test("marketing members are refused; non-members do not see the workspace", async () => {
    const owner = await makeWorkspace(t.db);
    const marketing = await addMember(owner, "marketing");
    const admin = await addMember(owner, "admin");
    const stranger = await makeWorkspace(t.db);
    await expect(contextFor(t.db, marketing.user, owner.workspace.slug, DLT_IMPORT_ROLE)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(contextFor(t.db, stranger.user, owner.workspace.slug, DLT_IMPORT_ROLE)).rejects.toMatchObject({ code: "WORKSPACE_NOT_FOUND" });
    const ctx = await contextFor(t.db, admin.user, owner.workspace.slug, DLT_IMPORT_ROLE);
    expect(await importDltTemplates(ctx, { bytes: fixture("jio-style.csv"), fileName: "jio.csv" })).toMatchObject({ imported: 3 });
  });
});

describe("header aliases and cell shapes", () => {
  test("lowercase snake_case headers, a BOM, quoted multi-line content, TEXT/UNICODE types, inactive rows", async () => {
    const csv =
      "\uFEFFtemplate_id,template_name,sender_id,template_type,msg_type,approval_status,status,content,pe_id\r\n" +
      '1107000000000000001,otp,ACMEIN-S,TEXT,Service Implicit,Approved,Active,"Your code is {#var#}.\r\n@acme.example #{#var#}",1201000000000000001\r\n' +
      "1107000000000000002,hindi,acmein,UNICODE,Service Implicit,Approved,Active,आपका कोड {#var#} है,1201000000000000001\r\n" +
      "1107000000000000003,old,ACMEIN,TEXT,Service Implicit,Approved,Inactive,Old text {#var#},1201000000000000001\r\n" +
      "1107000000000000004,shorty,ACME,TEXT,Service Implicit,Approved,Active,Hi {#var#},1201000000000000001\r\n" +
      "1107000000000000001,again,ACMEIN,TEXT,Service Implicit,Approved,Active,Dup {#var#},1201000000000000001\r\n" +
      "1107000000000000005,blank,ACMEIN,TEXT,Service Implicit,Approved,Active,,1201000000000000001\r\n";
    const p = await parseDltFile(utf8(csv), "snake.csv");
    expect(p.missing).toEqual([]);
    expect(p.rows.map((r) => [r.row, r.skip ? r.skip.slice(0, 30) : null])).toEqual([
      [2, null],
      [3, null],
      [4, "Inactive on DLT."],
      [5, 'The header "ACME" is not 6 let'],
      [6, "The same template ID is alread"],
      [7, "The template content is empty."],
    ]);
    expect(p.rows[0].values).toMatchObject({ senderId: "ACMEIN", content: "Your code is {#var#}.\n@acme.example #{#var#}", contentType: "text", entityId: "1201000000000000001", type: "Service Implicit" });
    expect(p.rows[1].values).toMatchObject({ senderId: "ACMEIN", contentType: "unicode" });
  });

  test("status words and ID and header shapes as portals and spreadsheets write them", async () => {
    const csv = [
      "Template Id,Header,Template Status,Template Content",
      '="1107000000000000031",VM-ACMEIN-S,APPROVED & ACTIVE,One {#var#}',
      "'1107000000000000032,acmein,Approved (Service Implicit),Two {#var#}",
      "1107000000000000033,ACMEIN,Under Review,Three {#var#}",
      "1107000000000000034,ACMEIN,Deactivated,Four {#var#}",
      '1107000000000000035,"ACMEIN, ACMEOT",Approved,Five {#var#}',
      "1107000000000000036,ACMEIN,Approved,Six {#var#}\u0007",
      "12345,ACMEIN,Approved,Seven {#var#}",
      "1207169999000011111.0,ACMEIN,Approved,Eight {#var#}",
    ].join("\n");
    const p = await parseDltFile(utf8(csv), "shapes.csv");
    expect(p.rows.map((r) => [r.row, r.values?.templateId ?? null, r.values?.senderId ?? null, r.skip?.slice(0, 24) ?? null])).toEqual([
      [2, "1107000000000000031", "ACMEIN", null],
      [3, "1107000000000000032", "ACMEIN", null],
      [4, null, null, "Pending approval on DLT."],
      [5, null, null, "Inactive on DLT."],
      [6, null, null, "The row lists several he"],
      [7, null, null, "The row holds a characte"],
      [8, null, null, 'The template ID "12345" '],
      [9, null, null, "The template ID reads 12"],
    ]);
  });

  test("a title block above the header row and semicolons are read; the content type is inferred when absent", async () => {
    const csv = "Content Template Report;;\nGenerated 01-11-2026;;\n\nTemplate ID;Header;Template Content;Template Status\n1107000000000000009;ACMEIN;नमस्ते {#var#};Approved\n";
    const p = await parseDltFile(utf8(csv), "report.csv");
    expect(p.headerRow).toBe(4);
    expect(p.rows).toEqual([expect.objectContaining({ row: 5, skip: null, values: expect.objectContaining({ templateId: "1107000000000000009", contentType: "unicode", name: "1107000000000000009" }) })]);
  });
});

describe("files that cannot be imported", () => {
  test("columns that cannot be matched are mapped by hand, then the preview is computed again", async () => {
    const ctx = await makeWorkspace(t.db);
    const csv = "ID No,Registered Text,Hdr,Approval Status\n1107000000000000011,Hello {#var#},ACMEIN,Approved\n";
    const first = await previewDltImport(ctx, { bytes: utf8(csv), fileName: "odd.csv" });
    expect(first.missing).toEqual(["templateId", "content", "header"]);
    expect(first.rows).toEqual([]);
    await expect(importDltTemplates(ctx, { bytes: utf8(csv), fileName: "odd.csv" })).rejects.toMatchObject({ code: "DLT_IMPORT_COLUMNS", message: expect.stringContaining("Template ID") });
    expect(await stored(ctx)).toEqual([]);
    const columns = { templateId: 0, content: 1, header: 2 };
    const second = await previewDltImport(ctx, { bytes: utf8(csv), fileName: "odd.csv", columns });
    expect(second).toMatchObject({ missing: [], counts: { import: 1, update: 0, unchanged: 0, skip: 0 } });
    expect(await importDltTemplates(ctx, { bytes: utf8(csv), fileName: "odd.csv", columns })).toMatchObject({ imported: 1 });
  });

  test("IDs a spreadsheet turned into floats are refused with the row and how to export again", async () => {
    const ctx = await makeWorkspace(t.db);
    const csv = "TEMPLATE ID,HEADER,APPROVAL STATUS,TEMPLATE MESSAGE\n1.20716E+18,ACMEIN,Approved,Hello {#var#}\n1207169999000011111,ACMEIN,Approved,Bye {#var#}\n";
    const p = await previewDltImport(ctx, { bytes: utf8(csv), fileName: "excel.csv" });
    expect(p.counts).toEqual({ import: 1, update: 0, unchanged: 0, retire: 0, skip: 1 });
    expect(p.rows[0]).toMatchObject({ row: 2, action: "skip", skip: expect.stringMatching(/1\.20716E\+18.*spreadsheet.*Download the CSV from the DLT portal again.*Text/) });
    const onlyFloats = "TEMPLATE ID,HEADER,APPROVAL STATUS,TEMPLATE MESSAGE\n1.20716E+18,ACMEIN,Approved,Hello {#var#}\n";
    await expect(importDltTemplates(ctx, { bytes: utf8(onlyFloats), fileName: "excel.csv" })).rejects.toMatchObject({
      code: "DLT_IMPORT_NOTHING",
      message: expect.stringMatching(/^Nothing in this file can be imported\. Row 2: The template ID reads 1\.20716E\+18: a spreadsheet/),
    });
    expect(await stored(ctx)).toEqual([]);
  });

  test("an XLSX export: text cells import, a 19-digit ID stored as a number is refused", async () => {
    const ctx = await makeWorkspace(t.db);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Templates");
    ws.addRow(["Template Id (URN)", "Template Name", "Sender id", "Template Content", "Template Type", "Template status", "Entity ID"]);
    ws.addRow(["1207169999000022221", "Login code", "ACMEIN", "Use {#var#} to sign in.\nValid 5 min. -Acme", "TEXT", "Approved", "1201160000000012345"]);
    ws.addRow([1207169999000022222, "Invite", "ACMEIN", "Hello {#var#} -Acme", "TEXT", "Approved", "1201160000000012345"]);
    ws.addRow([{ richText: [{ text: "12071699990000" }, { text: "22223" }] }, "Rich", "ACMEIN", { richText: [{ text: "Bye " }, { text: "{#var#}" }] }, "UNICODE", "Approved", "1201160000000012345"]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const p = await previewDltImport(ctx, { bytes, fileName: "export.xlsx" });
    expect(p.format).toBe("xlsx");
    expect(p.rows.map((r) => [r.row, r.action])).toEqual([
      [2, "import"],
      [3, "skip"],
      [4, "import"],
    ]);
    expect(p.rows[1].skip).toMatch(/1\.20717E\+18.*spreadsheet/);
    const result = await importDltTemplates(ctx, { bytes, fileName: "export.xlsx" });
    expect(result).toMatchObject({ imported: 2, skipped: 1 });
    const rows = await stored(ctx);
    expect(rows.map((r) => [r.templateId, r.contentType, r.content])).toEqual([
      ["1207169999000022221", "text", "Use {#var#} to sign in.\nValid 5 min. -Acme"],
      ["1207169999000022223", "unicode", "Bye {#var#}"],
    ]);
  });

  test("empty, header-only, binary, Latin-1 and broken files are clear errors and write nothing", async () => {
    const ctx = await makeWorkspace(t.db);
    const cases: [Uint8Array, string, string, RegExp?][] = [
      [new Uint8Array(), "empty.csv", "DLT_IMPORT_EMPTY"],
      [utf8("\uFEFF\r\n\r\n"), "blank.csv", "DLT_IMPORT_EMPTY"],
      [utf8("TEMPLATE ID,HEADER,APPROVAL STATUS,TEMPLATE MESSAGE\r\n"), "header-only.csv", "DLT_IMPORT_EMPTY"],
      [Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256), "junk.csv", "DLT_IMPORT_FORMAT", /not a CSV or an Excel/],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), "old.xls", "DLT_IMPORT_FORMAT", /\.xls/],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), "broken.xlsx", "DLT_IMPORT_FORMAT", /could not be opened/],
      [utf8("TEMPLATE ID,TEMPLATE MESSAGE\n1,2"), "fake.xlsx", "DLT_IMPORT_FORMAT", /not an Excel workbook/],
      [
        Uint8Array.from([...utf8("TEMPLATE ID,HEADER,APPROVAL STATUS,TEMPLATE MESSAGE\n1107000000000000001,ACMEIN,Approved,Caf"), 0xe9, ...utf8(" {#var#}\n")]),
        "latin1.csv",
        "DLT_IMPORT_FORMAT",
        /not in UTF-8.*CSV UTF-8/,
      ],
      [utf8('TEMPLATE ID,HEADER,APPROVAL STATUS,TEMPLATE MESSAGE\n1107000000000000001,ACMEIN,Approved,"never closed\n'), "quote.csv", "DLT_IMPORT_FORMAT", /Row 2.*never closed/],
    ];
    for (const [bytes, name, code, message] of cases) {
      await expect(previewDltImport(ctx, { bytes, fileName: name }), name).rejects.toMatchObject({ code, ...(message ? { message: expect.stringMatching(message) } : {}) });
      await expect(importDltTemplates(ctx, { bytes, fileName: name }), name).rejects.toMatchObject({ code });
    }
    expect(await stored(ctx)).toEqual([]);
    expect(await audits(ctx)).toEqual([]);
  });

  test("UTF-16 exports (with a BOM, or without one) are decoded", async () => {
    const text = "TEMPLATE ID\tHEADER\tAPPROVAL STATUS\tTEMPLATE MESSAGE\r\n1107000000000000021\tACMEIN\tApproved\tनमस्ते {#var#}\r\n";
    const le = Uint8Array.from([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, "utf16le"))]);
    const bare = new Uint8Array(Buffer.from(text, "utf16le"));
    const be = Uint8Array.from([0xfe, 0xff, ...new Uint8Array(Buffer.from(text, "utf16le").swap16())]);
    for (const bytes of [le, bare, be]) {
      const p = await parseDltFile(bytes, "unicode.txt");
      expect(p.rows).toEqual([expect.objectContaining({ skip: null, values: expect.objectContaining({ templateId: "1107000000000000021", content: "नमस्ते {#var#}", contentType: "unicode" }) })]);
    }
  });

  test("over 5 MB or over 10,000 rows is refused before anything is read or written", async () => {
    const ctx = await makeWorkspace(t.db);
    await expect(parseDltFile(new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41), "big.csv")).rejects.toMatchObject({ code: "DLT_IMPORT_TOO_LARGE" });
    const lines = ["TEMPLATE ID,HEADER,APPROVAL STATUS,TEMPLATE MESSAGE"];
    for (let i = 0; i < 10_001; i++) lines.push(`${1107000000000000000 + i},ACMEIN,Approved,Hi {#var#}`);
    await expect(importDltTemplates(ctx, { bytes: utf8(lines.join("\n")), fileName: "many.csv" })).rejects.toMatchObject({ code: "DLT_IMPORT_TOO_LARGE" });
    expect(await stored(ctx)).toEqual([]);
  });

  test("10,000 rows import in one go", async () => {
    const ctx = await makeWorkspace(t.db);
    const lines = ["TEMPLATE ID,HEADER,APPROVAL STATUS,TEMPLATE MESSAGE"];
    for (let i = 0; i < 10_000; i++) lines.push(`11070000000${String(i).padStart(8, "0")},ACMEIN,Approved,Hello {#var#} number ${i}`);
    const result = await importDltTemplates(ctx, { bytes: utf8(lines.join("\n")), fileName: "many.csv" });
    expect(result).toMatchObject({ imported: 10_000, updated: 0, skipped: 0 });
    expect((await stored(ctx)).length).toBe(10_000);
  });
});

test("a re-upload that says an imported template is now rejected or inactive marks it unusable, and its SMS stops being ready", async () => {
  const ctx = await makeWorkspace(t.db);
  const first = ["TEMPLATE ID,TEMPLATE NAME,TYPE,HEADER,APPROVAL STATUS,STATUS,TEMPLATE MESSAGE", '1107000000000000001,a,Service-Implicit,ACMEIN,Approved,Active,"{#var#} is your code. -Acme"', '1107000000000000002,b,Service-Implicit,ACMEIN,Approved,Active,"Hi {#var#} -Acme"'].join("\n");
  await importDltTemplates(ctx, { bytes: new TextEncoder().encode(first), fileName: "first.csv" });
  const later = ["TEMPLATE ID,TEMPLATE NAME,TYPE,HEADER,APPROVAL STATUS,STATUS,TEMPLATE MESSAGE", '1107000000000000001,a,Service-Implicit,ACMEIN,Approved,Inactive,"{#var#} is your code. -Acme"', '1107000000000000002,b,Service-Implicit,ACMEIN,Rejected,Active,"Hi {#var#} -Acme"', '1107000000000000003,c,Service-Implicit,ACMEIN,Rejected,Active,"Never imported -Acme"'].join("\n");
  const preview = await previewDltImport(ctx, { bytes: new TextEncoder().encode(later), fileName: "later.csv" });
  expect(preview.counts).toMatchObject({ retire: 2, skip: 1, import: 0, update: 0 });
  const r = await importDltTemplates(ctx, { bytes: new TextEncoder().encode(later), fileName: "later.csv" });
  expect(r).toMatchObject({ retired: 2, skipped: 1, imported: 0 });
  const rows = await t.db.select({ id: dltTemplates.templateId, status: dltTemplates.status }).from(dltTemplates).where(eq(dltTemplates.workspaceId, ctx.workspace.id));
  const status = Object.fromEntries(rows.map((x) => [x.id, x.status]));
  expect(status).toEqual({ "1107000000000000001": "Approved (inactive)", "1107000000000000002": "Rejected" });
  expect(rows.every((x) => !isDltApproved(x.status))).toBe(true);
});
