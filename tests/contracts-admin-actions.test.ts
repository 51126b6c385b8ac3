// The contract screens' server actions as a browser (or an attacker replaying one) calls them: the role comes from
// the database, the input is whatever was posted. Only the admin's sign-in session is played (requireAdmin).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { AdminCtx, AdminUser } from "@/lib/auth/admin-context";
import { createContract } from "@/lib/contracts/create-contract";
import { contacts, contractFields, contracts, contractSigners, portalUsers } from "@/lib/db/schema";
import { getStorage } from "@/lib/files/storage";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";

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

const actions = await import("@/app/(admin)/w/[slug]/contracts/actions");

let t: TestDb;
useAppTestDb((db) => void (t = db));
let filesDir: string;
const savedEnv = { ...process.env };
beforeAll(async () => {
  filesDir = await mkdtemp(path.join(os.tmpdir(), "contracts-actions-"));
  process.env.FILES_DIR = filesDir;
  delete process.env.S3_BUCKET;
});
afterAll(async () => {
  process.env = savedEnv;
  await rm(filesDir, { recursive: true, force: true });
});

async function draft(ctx: AdminCtx) {
  const d = await PDFDocument.create();
  d.addPage([595, 842]);
  const bytes = await d.save();
  const stored = await getStorage().put((async function* () { yield bytes; })(), { maxBytes: 1_000_000, prefix: `contracts/${ctx.workspace.id}` });
  const { id } = await createContract(ctx, { title: "NDA", kind: "contract", message: null, signingOrder: "parallel", opportunityId: null }, stored, "nda.pdf");
  const [c] = await t.db.insert(contacts).values({ workspaceId: ctx.workspace.id, firstName: "Asha", email: `asha-${id.slice(0, 6)}@example.test` }).returning();
  await t.db.insert(portalUsers).values({ workspaceId: ctx.workspace.id, contactId: c.id, status: "joined" });
  return { id, contactId: c.id };
}
const form = (ctx: AdminCtx, fields: Record<string, string>) => {
  const f = new FormData();
  f.set("_workspace", ctx.workspace.slug);
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("contract actions", () => {
  test("a marketing member, a member of another workspace and a signed-out visitor are refused, and nothing changes", async () => {
    const owner = await makeWorkspace(t.db);
    const d = await draft(owner);
    const marketing = await addMember(owner, "marketing");
    const stranger = await makeWorkspace(t.db);
    const calls = [
      () => actions.setContractSignersAction(owner.workspace.slug, { contractId: d.id, contactIds: [d.contactId] }),
      () => actions.sendContractAction(owner.workspace.slug, { contractId: d.id }),
      () => actions.voidContractAction(owner.workspace.slug, { contractId: d.id }),
      () => actions.updateContractAction(owner.workspace.slug, { contractId: d.id, title: "Mine" }),
    ];
    for (const [who, code] of [[marketing.user, "FORBIDDEN"], [stranger.user, "WORKSPACE_NOT_FOUND"], [null, "UNAUTHENTICATED"]] as const) {
      actor = who;
      for (const call of calls) expect(await call()).toMatchObject({ ok: false, code });
    }
    const [c] = await t.db.select().from(contracts).where(eq(contracts.id, d.id));
    expect(c).toMatchObject({ title: "NDA", status: "draft" });
    expect(await t.db.select().from(contractSigners).where(eq(contractSigners.contractId, d.id))).toEqual([]);
  });

  test("what the editor posts is checked: NUL in a label, a string for a number, a guessed contract id; the form actions say why", async () => {
    const owner = await makeWorkspace(t.db);
    const d = await draft(owner);
    actor = owner.user;
    expect(await actions.setContractSignersAction(owner.workspace.slug, { contractId: d.id, contactIds: [d.contactId] })).toMatchObject({ ok: true });
    const [signer] = await t.db.select().from(contractSigners).where(eq(contractSigners.contractId, d.id));
    const field = { signerId: signer.id, kind: "text", page: 0, x: 0.1, y: 0.1, width: 0.2, height: 0.05, label: "Company" };
    expect(await actions.saveContractFieldsAction(owner.workspace.slug, { contractId: d.id, fields: [{ ...field, label: "Co\u0000" }] })).toMatchObject({ ok: false, code: "TEXT_UNSTORABLE" });
    expect(await actions.saveContractFieldsAction(owner.workspace.slug, { contractId: d.id, fields: [{ ...field, x: "0.1" }] })).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { "fields.0.x": [expect.any(String)] } });
    expect(await actions.saveContractFieldsAction(owner.workspace.slug, { contractId: d.id, fields: "all" })).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await actions.saveContractFieldsAction(owner.workspace.slug, { contractId: "6f0e1c3a-1111-4222-8333-444455556666", fields: [] })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await t.db.select().from(contractFields).where(eq(contractFields.contractId, d.id))).toEqual([]);
    // Send with a signer but no signature field: the form gets the reason naming who is missing one.
    const sent = await actions.sendContractFormAction({}, form(owner, { contractId: d.id }));
    expect(sent.result).toMatchObject({ ok: false, code: "CONTRACT_SIGNER_NEEDS_SIGNATURE", message: expect.stringContaining("Asha") });
    // The no-script editor adds a signature field; then the send redirects to the page with its notice.
    await expect(actions.addContractFieldFormAction({}, form(owner, { contractId: d.id, signerId: signer.id, kind: "signature" }))).rejects.toMatchObject({ digest: expect.stringContaining(`/contracts/${d.id}?notice=field_added`) });
    await expect(actions.sendContractFormAction({}, form(owner, { contractId: d.id }))).rejects.toMatchObject({ digest: expect.stringContaining("notice=sent") });
    const after = await actions.addContractFieldFormAction({}, form(owner, { contractId: d.id, signerId: signer.id, kind: "date" }));
    expect(after.result).toMatchObject({ ok: false, code: "CONTRACT_NOT_DRAFT" });
  });
});
