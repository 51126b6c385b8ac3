// Contracts, the team's side, through the real operations and route handlers: a real database, real files on disk,
// PDFs made with pdf-lib here. Only the admin's sign-in session is played (requireAdmin); membership and role come
// from the database as in production.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { PDFDocument, PDFString, degrees } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { AdminCtx, AdminUser } from "@/lib/auth/admin-context";
import { addContractField, addContractFieldSchema, saveContractFields, saveContractFieldsSchema, removeContractField } from "@/lib/contracts/save-contract-fields";
import { remindContract } from "@/lib/contracts/remind-contract";
import { sendContract } from "@/lib/contracts/send-contract";
import { setContractSigners, setContractSignersSchema } from "@/lib/contracts/set-contract-signers";
import { updateContract, updateContractSchema } from "@/lib/contracts/update-contract";
import { voidContract } from "@/lib/contracts/void-contract";
import { getContract, listContracts, listSignerCandidates } from "@/lib/db/queries/contracts";
import { contacts, contractEvents, contractFields, contracts, contractSigners, hubNotices, opportunities, portalUsers } from "@/lib/db/schema";
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
      return real.contextFor(getDb(), actor, slug, need, { ip: "203.0.113.9", userAgent: "vitest" });
    },
  };
});

const { POST: upload } = await import("@/app/api/w/[slug]/contracts/route");
const { GET: original } = await import("@/app/api/w/[slug]/contracts/[id]/original/route");
const { GET: signed } = await import("@/app/api/w/[slug]/contracts/[id]/signed/route");

let t: TestDb;
useAppTestDb((db) => void (t = db));

let filesDir: string;
const savedEnv = { ...process.env };
beforeAll(async () => {
  filesDir = await mkdtemp(path.join(os.tmpdir(), "contracts-"));
  process.env.FILES_DIR = filesDir;
  delete process.env.S3_BUCKET;
  delete process.env.MAX_UPLOAD_MB;
});
afterAll(async () => {
  process.env = savedEnv;
  await rm(filesDir, { recursive: true, force: true });
});

// ---- PDFs and other bytes ----
async function pdf(pages: { size: [number, number]; rotate?: number }[] = [{ size: [595, 842] }, { size: [595, 842] }]): Promise<Uint8Array> {
  const d = await PDFDocument.create();
  for (const p of pages) {
    const page = d.addPage(p.size);
    if (p.rotate) page.setRotation(degrees(p.rotate));
    page.drawText("Agreement", { x: 50, y: 50 });
  }
  return d.save();
}
async function encryptedPdf(): Promise<Uint8Array> {
  const d = await PDFDocument.create();
  d.addPage([595, 842]);
  d.context.trailerInfo.Encrypt = d.context.obj({ Filter: "Standard", V: 1, R: 2, P: -4, O: PDFString.of("owner"), U: PDFString.of("user") });
  return d.save({ useObjectStreams: false });
}
const enc = (s: string) => new TextEncoder().encode(s);
const BROKEN = enc("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 9 0 R >>\n%%EOF\n");
const PNG = new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.from("IHDR"), Buffer.alloc(17), Buffer.from("IEND"), Buffer.alloc(4)]));
const EXE = (() => {
  const b = new Uint8Array(512);
  b.set(enc("MZ"), 0);
  new DataView(b.buffer).setUint32(0x3c, 0x80, true);
  b.set(enc("PE\0\0"), 0x80);
  return b;
})();
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Every object under the data directory (the temporary area aside). */
async function storedObjects(): Promise<string[]> {
  const all = (await readdir(filesDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  return all.map((e) => path.relative(filesDir, path.join(e.parentPath, e.name))).filter((p) => !p.startsWith(".tmp"));
}

// ---- a workspace with clients ----
async function world() {
  const ctx = await makeWorkspace(t.db);
  const ws = ctx.workspace.id;
  const person = async (firstName: string, portal: "joined" | "invited" | "revoked" | null) => {
    const [c] = await t.db
      .insert(contacts)
      .values({ workspaceId: ws, firstName, lastName: "Rao", email: `${firstName.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`, phone: null })
      .returning();
    if (portal) await t.db.insert(portalUsers).values({ workspaceId: ws, contactId: c.id, status: portal, revokedAt: portal === "revoked" ? new Date() : null });
    return { contactId: c.id, name: `${firstName} Rao`, email: c.email! };
  };
  const asha = await person("Asha", "joined");
  const bala = await person("Bala", "invited");
  const chen = await person("Chen", "joined");
  const dev = await person("Dev", null); // a contact, never invited to the portal
  const esha = await person("Esha", "revoked");
  return { ctx, ws, asha, bala, chen, dev, esha };
}

function uploadRequest(ctx: AdminCtx, file: { bytes: Uint8Array; name: string } | null, fields: Record<string, string> = {}, o: { json?: boolean; origin?: string } = {}) {
  const fd = new FormData();
  for (const [k, v] of Object.entries({ title: "Service agreement", kind: "contract", signingOrder: "parallel", ...fields })) fd.set(k, v);
  if (file) fd.set("file", new File([Buffer.from(file.bytes)], file.name, { type: "application/pdf" }));
  const headers: Record<string, string> = { host: "app.test", origin: o.origin ?? "http://app.test" };
  if (o.json) headers.accept = "application/json";
  return upload(new Request(`http://app.test/api/w/${ctx.workspace.slug}/contracts`, { method: "POST", headers, body: fd }), { params: Promise.resolve({ slug: ctx.workspace.slug }) });
}
const contractsOf = (ws: string) => t.db.select().from(contracts).where(eq(contracts.workspaceId, ws));

/** Uploads a PDF as the workspace's owner and returns the new contract's id. */
async function uploaded(ctx: AdminCtx, fields: Record<string, string> = {}, bytes?: Uint8Array): Promise<string> {
  actor = ctx.user;
  const res = await uploadRequest(ctx, { bytes: bytes ?? (await pdf()), name: "agreement.pdf" }, fields, { json: true });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** A draft with signers and a signature field each, ready to send. */
async function ready(w: Awaited<ReturnType<typeof world>>, o: { signingOrder?: "parallel" | "sequential"; people?: { contactId: string }[] } = {}) {
  const id = await uploaded(w.ctx, { signingOrder: o.signingOrder ?? "parallel" });
  const people = o.people ?? [w.asha, w.bala, w.chen];
  await setContractSigners(w.ctx, { contractId: id, contactIds: people.map((p) => p.contactId) });
  const detail = (await getContract(t.db, { workspaceId: w.ws, contractId: id }))!;
  await saveContractFields(w.ctx, saveContractFieldsSchema.parse({ contractId: id, fields: detail.signers.map((s, i) => ({ signerId: s.id, kind: "signature", page: 1, x: 0.1, y: 0.1 + i * 0.1, width: 0.3, height: 0.06 })) }));
  return { id, signers: detail.signers };
}
const noticesOf = (ws: string) => t.db.select().from(hubNotices).where(and(eq(hubNotices.workspaceId, ws), eq(hubNotices.kind, "contract")));

describe("uploading a PDF", () => {
  test("a PDF becomes a draft: pages as a viewer shows them, its hash and size, a 'created' event; the object is under contracts/<workspace>", async () => {
    const w = await world();
    const bytes = await pdf([{ size: [595, 842] }, { size: [612, 792], rotate: 90 }]);
    actor = w.ctx.user;
    const res = await uploadRequest(w.ctx, { bytes, name: "Lease ‮fdp.exe" }, { title: "  Lease  ", kind: "proposal", signingOrder: "sequential", message: "Please sign by Friday." });
    expect(res.status).toBe(303);
    const [c] = await contractsOf(w.ws);
    expect(res.headers.get("location")).toBe(`/w/${w.ctx.workspace.slug}/contracts/${c.id}?notice=uploaded`);
    expect(c).toMatchObject({ title: "Lease", kind: "proposal", status: "draft", signingOrder: "sequential", message: "Please sign by Friday.", originalSha256: sha(bytes), originalSize: bytes.byteLength, createdByUserId: w.ctx.user.id });
    expect(c.pages).toEqual([{ width: 595, height: 842 }, { width: 792, height: 612 }]);
    expect(c.originalName).toBe("Lease fdp.exe"); // the bidi override is gone; the name is display only
    expect(c.originalStorageKey.startsWith(`contracts/${w.ws}/`)).toBe(true);
    expect(await storedObjects()).toContain(path.join(...c.originalStorageKey.split("/")));
    const events = await t.db.select().from(contractEvents).where(eq(contractEvents.contractId, c.id));
    expect(events).toEqual([expect.objectContaining({ kind: "created", actorUserId: w.ctx.user.id, ip: "203.0.113.9" })]);
  });

  test("an .exe named .pdf, a PNG, an encrypted PDF, a broken PDF and an empty file are refused, and nothing is stored", async () => {
    const w = await world();
    actor = w.ctx.user;
    const before = await storedObjects();
    const cases: [Uint8Array, string, number][] = [
      [EXE, "CONTRACT_NOT_PDF", 415],
      [PNG, "CONTRACT_NOT_PDF", 415],
      [await encryptedPdf(), "CONTRACT_PDF_UNREADABLE", 422],
      [BROKEN, "CONTRACT_PDF_UNREADABLE", 422],
      [new Uint8Array(0), "FILE_EMPTY", 422],
    ];
    for (const [bytes, code, status] of cases) {
      const plain = await uploadRequest(w.ctx, { bytes, name: "contract.pdf" });
      expect(plain.status).toBe(303);
      expect(plain.headers.get("location")).toBe(`/w/${w.ctx.workspace.slug}/contracts/new?error=${code}`);
      const json = await uploadRequest(w.ctx, { bytes, name: "contract.pdf" }, {}, { json: true });
      expect(json.status).toBe(status);
      expect(await json.json()).toMatchObject({ error: { code } });
    }
    expect(await storedObjects()).toEqual(before);
    expect(await contractsOf(w.ws)).toEqual([]);
  });

  test("bad details are refused with the field named and the stored PDF removed: no title, NUL, too long, another workspace's opportunity", async () => {
    const w = await world();
    const other = await makeWorkspace(t.db);
    const [theirs] = await t.db.insert(opportunities).values({ workspaceId: other.workspace.id, name: "Theirs" }).returning();
    actor = w.ctx.user;
    const before = await storedObjects();
    const bytes = await pdf();
    const res = await uploadRequest(w.ctx, { bytes, name: "a.pdf" }, { title: "   " });
    expect(res.headers.get("location")).toBe(`/w/${w.ctx.workspace.slug}/contracts/new?error=VALIDATION_FAILED&field=title`);
    const json = await uploadRequest(w.ctx, { bytes, name: "a.pdf" }, { title: "x".repeat(201) }, { json: true });
    expect(json.status).toBe(422);
    expect(await json.json()).toMatchObject({ error: { code: "VALIDATION_FAILED", fields: { title: [expect.stringContaining("200")] } } });
    const nul = await uploadRequest(w.ctx, { bytes, name: "a.pdf" }, { title: "Lease\u0000" }, { json: true });
    expect(await nul.json()).toMatchObject({ error: { code: "TEXT_UNSTORABLE" } });
    const cut = await uploadRequest(w.ctx, { bytes, name: "a.pdf" }, { message: "अ".repeat(700) }, { json: true });
    expect(await cut.json()).toMatchObject({ error: { fields: { message: [expect.stringContaining("write it under Details")] } } });
    const kind = await uploadRequest(w.ctx, { bytes, name: "a.pdf" }, { kind: "will" }, { json: true });
    expect(await kind.json()).toMatchObject({ error: { fields: { kind: [expect.any(String)] } } });
    const opp = await uploadRequest(w.ctx, { bytes, name: "a.pdf" }, { opportunityId: theirs.id }, { json: true });
    expect(opp.status).toBe(404);
    expect(await storedObjects()).toEqual(before);
    expect(await contractsOf(w.ws)).toEqual([]);
  });

  test("a marketing member, a stranger, a signed-out visitor and a cross-site form are refused before anything is stored", async () => {
    const w = await world();
    const marketing = await addMember(w.ctx, "marketing");
    const stranger = await makeWorkspace(t.db);
    const before = await storedObjects();
    const file = { bytes: await pdf(), name: "a.pdf" };
    actor = marketing.user;
    expect((await uploadRequest(w.ctx, file)).status).toBe(403);
    actor = stranger.user;
    expect((await uploadRequest(w.ctx, file)).status).toBe(404);
    actor = null;
    expect((await uploadRequest(w.ctx, file)).status).toBe(401);
    actor = w.ctx.user;
    expect((await uploadRequest(w.ctx, file, {}, { origin: "https://evil.example" })).status).toBe(403);
    expect(await storedObjects()).toEqual(before);
    expect(await contractsOf(w.ws)).toEqual([]);
  });
});

describe("editing a draft", () => {
  test("signers must be this workspace's contacts with live portal access; their order is kept, and a signer who stays keeps their fields", async () => {
    const w = await world();
    const other = await world();
    const id = await uploaded(w.ctx);
    await expect(setContractSigners(w.ctx, { contractId: id, contactIds: [w.asha.contactId, w.dev.contactId] })).rejects.toMatchObject({ code: "CONTRACT_SIGNER_NOT_IN_PORTAL", message: expect.stringContaining("Dev Rao") });
    await expect(setContractSigners(w.ctx, { contractId: id, contactIds: [w.esha.contactId] })).rejects.toMatchObject({ code: "CONTRACT_SIGNER_NOT_IN_PORTAL" });
    await expect(setContractSigners(w.ctx, { contractId: id, contactIds: [other.asha.contactId] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(setContractSignersSchema.safeParse({ contractId: id, contactIds: [w.asha.contactId, w.asha.contactId] }).success).toBe(false);
    expect(setContractSignersSchema.safeParse({ contractId: id, contactIds: ["not-a-uuid"] }).success).toBe(false);
    expect((await getContract(t.db, { workspaceId: w.ws, contractId: id }))!.signers).toEqual([]);

    await setContractSigners(w.ctx, { contractId: id, contactIds: [w.chen.contactId, w.asha.contactId] });
    let d = (await getContract(t.db, { workspaceId: w.ws, contractId: id }))!;
    expect(d.signers.map((s) => s.name)).toEqual(["Chen Rao", "Asha Rao"]);
    const asha = d.signers[1];
    await addContractField(w.ctx, addContractFieldSchema.parse({ contractId: id, signerId: asha.id, kind: "signature" }));
    await setContractSigners(w.ctx, { contractId: id, contactIds: [w.asha.contactId, w.bala.contactId] });
    d = (await getContract(t.db, { workspaceId: w.ws, contractId: id }))!;
    expect(d.signers.map((s) => [s.name, s.position])).toEqual([["Asha Rao", 0], ["Bala Rao", 1]]);
    expect(d.signers[0].id).toBe(asha.id);
    expect(d.fields).toEqual([expect.objectContaining({ signerId: asha.id, kind: "signature", page: 1 })]);
  });

  test("fields are validated as a whole: off the page, page 7 of 2, another contract's signer, NaN/Infinity, an unlabelled text field; a refused set changes nothing", async () => {
    const w = await world();
    const id = await uploaded(w.ctx);
    const otherId = await uploaded(w.ctx);
    await setContractSigners(w.ctx, { contractId: id, contactIds: [w.asha.contactId] });
    await setContractSigners(w.ctx, { contractId: otherId, contactIds: [w.bala.contactId] });
    const mine = (await getContract(t.db, { workspaceId: w.ws, contractId: id }))!.signers[0].id;
    const theirs = (await getContract(t.db, { workspaceId: w.ws, contractId: otherId }))!.signers[0].id;
    const box = { signerId: mine, kind: "signature", page: 0, x: 0.1, y: 0.1, width: 0.3, height: 0.06 };
    const save = (fields: unknown[]) => saveContractFields(w.ctx, saveContractFieldsSchema.parse({ contractId: id, fields }));

    await save([box, { ...box, kind: "date", y: 0.3 }]);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ x: 0.8 }, "CONTRACT_FIELD_OUT_OF_PAGE", "fields.1"],
      [{ y: -0.01 }, "CONTRACT_FIELD_OUT_OF_PAGE", "fields.1"],
      [{ page: 6 }, "CONTRACT_FIELD_OUT_OF_PAGE", "fields.1"],
      [{ width: 0 }, "CONTRACT_FIELD_OUT_OF_PAGE", "fields.1"],
      [{ signerId: theirs }, "NOT_FOUND", "fields.1.signerId"],
    ];
    for (const [change, code, field] of cases) {
      await expect(save([box, { ...box, ...change }])).rejects.toMatchObject({ code, field });
    }
    await expect(save([box, { ...box, page: 6 }])).rejects.toMatchObject({ message: expect.stringContaining("page 7, but the document has 2 pages") });
    for (const bad of [{ x: Number.NaN }, { width: Number.POSITIVE_INFINITY }, { page: 0.5 }, { x: "0.1" }, { kind: "stamp" }, { kind: "text" }, { kind: "text", label: "   " }]) {
      expect(saveContractFieldsSchema.safeParse({ contractId: id, fields: [{ ...box, ...bad }] }).success).toBe(false);
    }
    expect(saveContractFieldsSchema.safeParse({ contractId: id, fields: Array(201).fill(box) }).success).toBe(false);
    // A box flush against the page's edge (as a drag leaves it) is inside.
    await save([{ ...box, x: 0.7, y: 0.94, width: 0.3, height: 0.06 }]);
    const fields = (await getContract(t.db, { workspaceId: w.ws, contractId: id }))!.fields;
    expect(fields).toEqual([expect.objectContaining({ x: expect.closeTo(0.7, 5), y: expect.closeTo(0.94, 5) })]);
    await removeContractField(w.ctx, { contractId: id, fieldId: fields[0].id });
    await expect(removeContractField(w.ctx, { contractId: id, fieldId: fields[0].id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("the no-script editor stacks preset fields on the last page, inside it", async () => {
    const w = await world();
    const id = await uploaded(w.ctx);
    await setContractSigners(w.ctx, { contractId: id, contactIds: [w.asha.contactId, w.bala.contactId] });
    const [a, b] = (await getContract(t.db, { workspaceId: w.ws, contractId: id }))!.signers;
    for (const [s, kind] of [[a, "signature"], [b, "signature"], [a, "date"], [b, "initials"]] as const) {
      await addContractField(w.ctx, addContractFieldSchema.parse({ contractId: id, signerId: s.id, kind }));
    }
    expect(addContractFieldSchema.safeParse({ contractId: id, signerId: a.id, kind: "text" }).success).toBe(false);
    const fields = (await getContract(t.db, { workspaceId: w.ws, contractId: id }))!.fields;
    expect(fields).toHaveLength(4);
    for (const f of fields) {
      expect(f.page).toBe(1);
      expect(f.x + f.width).toBeLessThanOrEqual(1);
      expect(f.y + f.height).toBeLessThanOrEqual(1);
    }
    expect(new Set(fields.map((f) => f.y)).size).toBe(4); // stacked, not on top of each other
  });

  test("details change while a draft; a field or signer of a guessed contract is NOT_FOUND", async () => {
    const w = await world();
    const id = await uploaded(w.ctx);
    await updateContract(w.ctx, updateContractSchema.parse({ contractId: id, title: "Renamed", kind: "proposal", signingOrder: "sequential", message: "" }));
    expect((await getContract(t.db, { workspaceId: w.ws, contractId: id }))!).toMatchObject({ title: "Renamed", kind: "proposal", signingOrder: "sequential", message: null });
    const guessed = "6f0e1c3a-1111-4222-8333-444455556666";
    await expect(setContractSigners(w.ctx, { contractId: guessed, contactIds: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(addContractField(w.ctx, { contractId: guessed, signerId: guessed, kind: "signature", label: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("sending", () => {
  test("send refuses: no signers; a signer whose access was revoked since; a signer without a signature field; nothing changes", async () => {
    const w = await world();
    const id = await uploaded(w.ctx);
    await expect(sendContract(w.ctx, { contractId: id })).rejects.toMatchObject({ code: "CONTRACT_NO_SIGNERS" });
    const r = await ready(w);
    await t.db.update(portalUsers).set({ status: "revoked", revokedAt: new Date() }).where(eq(portalUsers.contactId, w.bala.contactId));
    await expect(sendContract(w.ctx, { contractId: r.id })).rejects.toMatchObject({ code: "CONTRACT_SIGNER_NOT_IN_PORTAL", message: expect.stringContaining("Bala Rao") });
    await t.db.update(portalUsers).set({ status: "invited", revokedAt: null }).where(eq(portalUsers.contactId, w.bala.contactId));
    await t.db.delete(contractFields).where(and(eq(contractFields.contractId, r.id), eq(contractFields.signerId, r.signers[2].id)));
    await t.db.insert(contractFields).values({ workspaceId: w.ws, contractId: r.id, signerId: r.signers[2].id, kind: "initials", page: 0, x: 0.1, y: 0.1, width: 0.1, height: 0.05 });
    await expect(sendContract(w.ctx, { contractId: r.id })).rejects.toMatchObject({ code: "CONTRACT_SIGNER_NEEDS_SIGNATURE", message: expect.stringContaining("Chen Rao") });
    const c = (await getContract(t.db, { workspaceId: w.ws, contractId: r.id }))!;
    expect(c.status).toBe("draft");
    expect(c.signers.every((s) => s.status === "waiting")).toBe(true);
    expect(await noticesOf(w.ws)).toEqual([]);
  });

  test("parallel: every signer pending and notified once; names and addresses snapshotted; a sent contract cannot be edited or sent again", async () => {
    const w = await world();
    const r = await ready(w);
    await t.db.update(contacts).set({ firstName: "Asha M." }).where(eq(contacts.id, w.asha.contactId));
    expect(await sendContract(w.ctx, { contractId: r.id })).toEqual({ id: r.id, pending: 3 });
    const c = (await getContract(t.db, { workspaceId: w.ws, contractId: r.id }))!;
    expect(c.status).toBe("sent");
    expect(c.sentAt).toBeInstanceOf(Date);
    expect(c.signers.map((s) => [s.name, s.email, s.status])).toEqual([
      ["Asha M. Rao", w.asha.email, "pending"],
      ["Bala Rao", w.bala.email, "pending"],
      ["Chen Rao", w.chen.email, "pending"],
    ]);
    expect(c.events.map((e) => e.kind)).toEqual(["created", "sent"]);
    const notices = await noticesOf(w.ws);
    expect(notices.map((n) => n.contactId).sort()).toEqual([w.asha, w.bala, w.chen].map((p) => p.contactId).sort());
    expect(notices[0].items).toEqual([{ id: r.id, label: "Service agreement" }]);

    const edits = [
      () => sendContract(w.ctx, { contractId: r.id }),
      () => updateContract(w.ctx, updateContractSchema.parse({ contractId: r.id, title: "Changed" })),
      () => setContractSigners(w.ctx, { contractId: r.id, contactIds: [w.asha.contactId] }),
      () => saveContractFields(w.ctx, { contractId: r.id, fields: [] }),
      () => addContractField(w.ctx, { contractId: r.id, signerId: r.signers[0].id, kind: "date", label: null }),
      () => removeContractField(w.ctx, { contractId: r.id, fieldId: c.fields[0].id }),
    ];
    for (const edit of edits) await expect(edit()).rejects.toMatchObject({ code: "CONTRACT_NOT_DRAFT" });
    const after = (await getContract(t.db, { workspaceId: w.ws, contractId: r.id }))!;
    expect(after.title).toBe("Service agreement");
    expect(after.fields).toHaveLength(3);
    expect(await noticesOf(w.ws)).toHaveLength(3);
  });

  test("sequential: only the first signer is pending and only they are notified", async () => {
    const w = await world();
    const r = await ready(w, { signingOrder: "sequential", people: [w.bala, w.asha, w.chen] });
    expect(await sendContract(w.ctx, { contractId: r.id })).toEqual({ id: r.id, pending: 1 });
    const c = (await getContract(t.db, { workspaceId: w.ws, contractId: r.id }))!;
    expect(c.signers.map((s) => [s.name, s.status])).toEqual([
      ["Bala Rao", "pending"],
      ["Asha Rao", "waiting"],
      ["Chen Rao", "waiting"],
    ]);
    expect((await noticesOf(w.ws)).map((n) => n.contactId)).toEqual([w.bala.contactId]);
  });

  test("a proposal may go out without fields (accepting is signing); two sends at once send once", async () => {
    const w = await world();
    const id = await uploaded(w.ctx, { kind: "proposal" });
    await setContractSigners(w.ctx, { contractId: id, contactIds: [w.asha.contactId] });
    const results = await Promise.allSettled([1, 2, 3].map(() => sendContract(w.ctx, { contractId: id })));
    expect(results.filter((x) => x.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((x) => x.status === "rejected").map((x) => (x as PromiseRejectedResult).reason.code)).toEqual(["CONTRACT_NOT_DRAFT", "CONTRACT_NOT_DRAFT"]);
    expect((await getContract(t.db, { workspaceId: w.ws, contractId: id }))!.events.filter((e) => e.kind === "sent")).toHaveLength(1);
    const [n] = await noticesOf(w.ws);
    expect(n.itemCount).toBe(1);
  });
});

describe("void and remind", () => {
  test("void withdraws a sent contract once; a completed one stays signed (CONTRACT_CLOSED)", async () => {
    const w = await world();
    const r = await ready(w);
    await sendContract(w.ctx, { contractId: r.id });
    await voidContract(w.ctx, { contractId: r.id, reason: "Wrong price" });
    const c = (await getContract(t.db, { workspaceId: w.ws, contractId: r.id }))!;
    expect(c.status).toBe("voided");
    expect(c.events.at(-1)).toMatchObject({ kind: "voided", detail: { reason: "Wrong price" } });
    await expect(voidContract(w.ctx, { contractId: r.id, reason: null })).rejects.toMatchObject({ code: "CONTRACT_CLOSED" });
    await expect(remindContract(w.ctx, { contractId: r.id })).rejects.toMatchObject({ code: "CONTRACT_CLOSED" });

    const done = await ready(w);
    await sendContract(w.ctx, { contractId: done.id });
    await t.db.update(contracts).set({ status: "completed", completedAt: new Date() }).where(eq(contracts.id, done.id));
    await expect(voidContract(w.ctx, { contractId: done.id, reason: null })).rejects.toMatchObject({ code: "CONTRACT_CLOSED" });
    expect((await getContract(t.db, { workspaceId: w.ws, contractId: done.id }))!.status).toBe("completed");
  });

  test("remind notifies the pending signers, at most once an hour; a draft has nobody to remind", async () => {
    const w = await world();
    const r = await ready(w, { signingOrder: "sequential" });
    await expect(remindContract(w.ctx, { contractId: r.id })).rejects.toMatchObject({ code: "CONTRACT_NOT_SENT" });
    await sendContract(w.ctx, { contractId: r.id });
    await t.db.update(hubNotices).set({ sentAt: new Date() }).where(eq(hubNotices.workspaceId, w.ws)); // the first notice went out
    expect(await remindContract(w.ctx, { contractId: r.id })).toEqual({ id: r.id, reminded: 1 });
    await expect(remindContract(w.ctx, { contractId: r.id })).rejects.toMatchObject({ code: "CONTRACT_REMIND_TOO_SOON" });
    const notices = await noticesOf(w.ws);
    expect(notices.map((n) => [n.contactId, n.sentAt === null])).toEqual(expect.arrayContaining([[w.asha.contactId, true], [w.asha.contactId, false]]));
    expect(notices).toHaveLength(2);
  });
});

describe("another workspace, guessed ids, roles", () => {
  test("another workspace's contract is NOT_FOUND for every operation and both downloads, and nothing changes", async () => {
    const w = await world();
    const r = await ready(w);
    const other = await makeWorkspace(t.db);
    const ops = [
      () => updateContract(other, updateContractSchema.parse({ contractId: r.id, title: "Mine" })),
      () => setContractSigners(other, { contractId: r.id, contactIds: [] }),
      () => saveContractFields(other, { contractId: r.id, fields: [] }),
      () => addContractField(other, { contractId: r.id, signerId: r.signers[0].id, kind: "signature", label: null }),
      () => sendContract(other, { contractId: r.id }),
      () => voidContract(other, { contractId: r.id, reason: null }),
      () => remindContract(other, { contractId: r.id }),
    ];
    for (const op of ops) await expect(op()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await getContract(t.db, { workspaceId: other.workspace.id, contractId: r.id })).toBeNull();
    actor = other.user;
    const p = (id: string) => ({ params: Promise.resolve({ slug: other.workspace.slug, id }) });
    expect((await original(new Request("http://app.test/x"), p(r.id))).status).toBe(404);
    expect((await signed(new Request("http://app.test/x"), p(r.id))).status).toBe(404);
    expect((await original(new Request("http://app.test/x"), p("not-a-uuid"))).status).toBe(404);
    const c = (await getContract(t.db, { workspaceId: w.ws, contractId: r.id }))!;
    expect(c).toMatchObject({ title: "Service agreement", status: "draft" });
    expect(c.fields).toHaveLength(3);
  });

  test("downloads: the original as uploaded; the signed copy only when completed and its bytes still match the recorded hash", async () => {
    const w = await world();
    const bytes = await pdf();
    const id = await uploaded(w.ctx, {}, bytes);
    actor = w.ctx.user;
    const p = { params: Promise.resolve({ slug: w.ctx.workspace.slug, id }) };
    const res = await original(new Request(`http://app.test/api/w/${w.ctx.workspace.slug}/contracts/${id}/original`), p);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="agreement.pdf"/);
    expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(bytes));
    expect((await signed(new Request("http://app.test/x"), p)).status).toBe(404); // a draft has no signed copy

    // A completed contract as the signer's side leaves it (its signed object and hash).
    const signedBytes = await pdf([{ size: [595, 842] }, { size: [595, 842] }, { size: [595, 842] }]);
    const stored = await getStorage().put((async function* () { yield signedBytes; })(), { maxBytes: 10_000_000, prefix: `contracts/${w.ws}` });
    await t.db.update(contracts).set({ status: "sent" }).where(eq(contracts.id, id));
    await t.db.update(contracts).set({ status: "completed", completedAt: new Date(), signedStorageKey: stored.key, signedSha256: stored.sha256, signedSize: stored.size }).where(eq(contracts.id, id));
    const ok = await signed(new Request("http://app.test/x"), { params: Promise.resolve({ slug: w.ctx.workspace.slug, id }) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-disposition")).toContain("agreement (signed).pdf");
    expect(sha(new Uint8Array(await ok.arrayBuffer()))).toBe(stored.sha256);
    // Someone changes the stored file: the download is refused and says why.
    await writeFile(path.join(filesDir, ...stored.key.split("/")), Buffer.concat([Buffer.from(signedBytes), Buffer.from("%tampered")]));
    const bad = await signed(new Request("http://app.test/x"), { params: Promise.resolve({ slug: w.ctx.workspace.slug, id }) });
    expect(bad.status).toBe(500);
    expect(await bad.text()).toContain("no longer matches the hash");
  });

  test("a marketing member cannot download; the signer picker lists this workspace's live portal users only, page by page", async () => {
    const w = await world();
    const id = await uploaded(w.ctx);
    const marketing = await addMember(w.ctx, "marketing");
    actor = marketing.user;
    expect((await original(new Request("http://app.test/x"), { params: Promise.resolve({ slug: w.ctx.workspace.slug, id }) })).status).toBe(403);
    await world(); // another workspace's clients never appear
    const first = await listSignerCandidates(t.db, { workspaceId: w.ws, limit: 2 });
    expect(first.rows.map((r) => r.name)).toEqual(["Asha Rao", "Bala Rao"]);
    const second = await listSignerCandidates(t.db, { workspaceId: w.ws, limit: 2, after: first.nextCursor });
    expect(second.rows.map((r) => r.name)).toEqual(["Chen Rao"]);
    expect(second.nextCursor).toBeNull();
    expect((await listSignerCandidates(t.db, { workspaceId: w.ws, q: "bala" })).rows.map((r) => r.name)).toEqual(["Bala Rao"]);
    expect((await listSignerCandidates(t.db, { workspaceId: w.ws, q: "dev" })).rows).toEqual([]); // not in the portal
    expect((await listSignerCandidates(t.db, { workspaceId: w.ws, after: "garbage\u0000" })).rows).toHaveLength(3);
  });

  test("the list pages newest first and filters by status", async () => {
    const w = await world();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await uploaded(w.ctx, { title: `Doc ${i}` }));
    await t.db.update(contracts).set({ status: "voided" }).where(eq(contracts.id, ids[1]));
    await setContractSigners(w.ctx, { contractId: ids[2], contactIds: [w.chen.contactId, w.asha.contactId, w.bala.contactId] });
    const p1 = await listContracts(t.db, { workspaceId: w.ws, limit: 2 });
    expect(p1.rows.map((r) => r.title)).toEqual(["Doc 2", "Doc 1"]);
    expect(p1.rows[0]).toMatchObject({ signers: 3, signed: 0, names: "Chen Rao, Asha Rao, Bala Rao" });
    expect(p1.rows[1]).toMatchObject({ signers: 0, names: null });
    const p2 = await listContracts(t.db, { workspaceId: w.ws, limit: 2, after: p1.nextCursor });
    expect(p2.rows.map((r) => r.title)).toEqual(["Doc 0"]);
    expect((await listContracts(t.db, { workspaceId: w.ws, status: "voided" })).rows.map((r) => r.id)).toEqual([ids[1]]);
    expect((await listContracts(t.db, { workspaceId: (await makeWorkspace(t.db)).workspace.id })).rows).toEqual([]);
  });
});
