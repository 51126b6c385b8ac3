import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test, vi } from "vitest";
import type { AdminCtx, AdminUser } from "@/lib/auth/admin-context";
import { dltTemplates } from "@/lib/db/schema";
import type { DltImportState } from "@/lib/sms/dlt-import/dlt-import-state";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";

// The form action as the browser posts it (before and after hydration), with the signed-in admin played by `actor`:
// the session is the only thing stubbed; membership and role come from the database as in production.
let actor: AdminUser | null = null;
vi.mock("@/lib/auth/admin-context", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/auth/admin-context")>();
  const { getDb } = await import("@/lib/db");
  const { AppError } = await import("@/lib/errors");
  return {
    ...real,
    requireAdmin: async (slug: string, need: "owner" | "admin" | "marketing") => {
      if (!actor) throw new AppError("UNAUTHENTICATED");
      return real.contextFor(getDb(), actor, slug, need);
    },
  };
});
vi.mock("next/cache", () => ({ refresh: () => {} }));

const { dltImportFormAction } = await import("@/lib/sms/dlt-import/dlt-import-action");

let t: TestDb;
useAppTestDb((db) => void (t = db));

const FIXTURES = ["../shared/fixtures/dlt", "../../shared/fixtures/dlt"].map((p) => path.resolve(process.cwd(), p)).find((p) => existsSync(p)) ?? path.resolve(process.cwd(), "../shared/fixtures/dlt");
const jio = () => readFileSync(path.join(FIXTURES, "jio-style.csv"));

function form(ctx: AdminCtx, fields: Record<string, string | Blob>) {
  const data = new FormData();
  data.set("_workspace", ctx.workspace.slug);
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}
const stored = (ctx: AdminCtx) => t.db.select().from(dltTemplates).where(eq(dltTemplates.workspaceId, ctx.workspace.id));

let owner: AdminCtx;
beforeAll(async () => {
  owner = await makeWorkspace(t.db);
});

describe("the DLT import form", () => {
  test("a plain POST of the file previews it; the confirm posts the staged copy back and imports exactly that", async () => {
    actor = owner.user;
    const preview = (await dltImportFormAction({}, form(owner, { intent: "preview", file: new File([jio()], "jio-style.csv", { type: "text/csv" }) }))) as Extract<DltImportState, { step: "preview" }>;
    expect(preview.step).toBe("preview");
    expect(preview.result.data.counts).toEqual({ import: 3, update: 0, unchanged: 0, retire: 0, skip: 1 });
    expect(preview.fileName).toBe("jio-style.csv");
    expect(await stored(owner)).toEqual([]);

    expect(preview.staged).toEqual(expect.any(String));
    const done = await dltImportFormAction(preview, form(owner, { intent: "import", staged: preview.staged!, fileName: preview.fileName }));
    expect(done).toMatchObject({ step: "done", result: { ok: true, data: { imported: 3, skipped: 1, fileName: "jio-style.csv" } } });
    expect(await stored(owner)).toHaveLength(3);
  });

  test("the hydrated form sends the file gzipped each time and gets no copy back; hand-mapped columns are read", async () => {
    actor = owner.user;
    const csv = "ID No,Registered Text,Hdr,Approval Status\n1107000000000000077,Hello {#var#},ACMEIN,Approved\n";
    const packed = () => new File([gzipSync(Buffer.from(csv))], "odd.csv");
    const first = await dltImportFormAction({}, form(owner, { intent: "preview", packed: packed() }));
    expect(first).toMatchObject({ step: "preview", fileName: "odd.csv", result: { data: { missing: ["templateId", "content", "header"] } } });
    expect((first as Extract<DltImportState, { step: "preview" }>).staged).toBeUndefined();
    // Importing before the columns are mapped is refused and goes back to the preview with the reason.
    const refused = await dltImportFormAction(first, form(owner, { intent: "import", packed: packed() }));
    expect(refused).toMatchObject({ step: "preview", refused: expect.stringContaining("Template ID") });
    const mapped = { "column.templateId": "0", "column.content": "1", "column.header": "2" };
    const second = await dltImportFormAction(first, form(owner, { intent: "preview", packed: packed(), ...mapped }));
    expect(second).toMatchObject({ step: "preview", result: { data: { missing: [], counts: { import: 1, update: 0, unchanged: 0, skip: 0 } } } });
    const done = await dltImportFormAction(second, form(owner, { intent: "import", packed: packed(), ...mapped }));
    expect(done).toMatchObject({ step: "done", result: { data: { imported: 1 } } });
  });

  test("a browser without JavaScript maps columns with the staged copy it was handed", async () => {
    actor = owner.user;
    const csv = "Ref,Text,Sender,Approval Status\n1107000000000000078,Bye {#var#},ACMEIN,Approved\n";
    const first = (await dltImportFormAction({}, form(owner, { intent: "preview", file: new File([csv], "plain.csv") }))) as Extract<DltImportState, { step: "preview" }>;
    expect(first.result.data.missing).toEqual(["templateId"]);
    const mapped = { "column.templateId": "0" };
    const second = await dltImportFormAction(first, form(owner, { intent: "preview", staged: first.staged!, fileName: first.fileName, ...mapped }));
    expect(second).toMatchObject({ step: "preview", staged: first.staged, result: { data: { counts: { import: 1 } } } });
    const done = await dltImportFormAction(second, form(owner, { intent: "import", staged: first.staged!, fileName: first.fileName, ...mapped }));
    expect(done).toMatchObject({ step: "done", result: { data: { imported: 1, fileName: "plain.csv" } } });
  });

  test("no file, a damaged staged copy and a gzip bomb are clear errors", async () => {
    actor = owner.user;
    expect(await dltImportFormAction({}, form(owner, { intent: "preview" }))).toMatchObject({ step: "upload", result: { ok: false, message: expect.stringContaining("Choose your DLT export") } });
    expect(await dltImportFormAction({}, form(owner, { intent: "import", staged: "bm90IGd6aXA=", fileName: "x.csv" }))).toMatchObject({
      step: "upload",
      result: { ok: false, code: "DLT_IMPORT_FORMAT", message: expect.stringContaining("did not arrive intact") },
    });
    const bomb = gzipSync(Buffer.alloc(6 * 1024 * 1024, 0x41));
    expect(await dltImportFormAction({}, form(owner, { intent: "preview", packed: new File([bomb], "big.csv") }))).toMatchObject({ step: "upload", result: { code: "DLT_IMPORT_TOO_LARGE" } });
  });

  test("a marketing member, a stranger and a signed-out visitor are refused, and nothing is written", async () => {
    const ws = await makeWorkspace(t.db);
    const marketing = await addMember(ws, "marketing");
    const stranger = await makeWorkspace(t.db);
    const file = () => new File([jio()], "jio-style.csv");
    actor = marketing.user;
    expect(await dltImportFormAction({}, form(ws, { intent: "import", file: file() }))).toMatchObject({ step: "upload", result: { ok: false, code: "FORBIDDEN" } });
    actor = stranger.user;
    expect(await dltImportFormAction({}, form(ws, { intent: "import", file: file() }))).toMatchObject({ step: "upload", result: { ok: false, code: "WORKSPACE_NOT_FOUND" } });
    actor = null;
    expect(await dltImportFormAction({}, form(ws, { intent: "import", file: file() }))).toMatchObject({ step: "upload", result: { ok: false, code: "UNAUTHENTICATED" } });
    expect(await stored(ws)).toEqual([]);
  });
});
