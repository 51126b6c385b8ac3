// Shared documents (issue 12) through the real route handlers and operations: a real database, real files on disk,
// Requests built as a browser sends them after proxy.ts routed them. Only the admin's sign-in session is played
// (requireAdmin); membership and role come from the database.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { AdminUser } from "@/lib/auth/admin-context";
import { contacts, hubNotices, sharedAudiences, portalUserTypes, portalUsers, sharedFileEvents, sharedFiles, sharedFolders } from "@/lib/db/schema";
import { deleteSharedFile } from "@/lib/hub-documents/delete-shared-file";
import { createFolder } from "@/lib/hub-documents/create-folder";
import { deleteFolder } from "@/lib/hub-documents/delete-folder";
import { updateFolder } from "@/lib/hub-documents/update-folder";
import { shareDocuments } from "@/lib/hub-documents/share-documents";
import { unshareDocuments } from "@/lib/hub-documents/unshare-documents";
import { createPortalSession } from "@/lib/portal/sessions";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";
import { freshIp } from "./helpers/portal-http";

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

const { POST: adminUpload } = await import("@/app/api/w/[slug]/documents/upload/route");
const { GET: adminDownload } = await import("@/app/api/w/[slug]/documents/[id]/route");
const { POST: pickClients } = await import("@/app/api/w/[slug]/documents/clients/route");
const { GET: portalGet } = await import("@/app/api/portal/documents/[id]/route");
const { POST: clientUpload } = await import("@/app/api/portal/documents/folders/[id]/upload/route");
const { shareDocumentsAction } = await import("@/app/(admin)/w/[slug]/documents/actions");

let t: TestDb;
useAppTestDb((db) => void (t = db));

let filesDir: string;
const savedEnv = { ...process.env };
beforeAll(async () => {
  filesDir = await mkdtemp(path.join(os.tmpdir(), "hub-docs-"));
  process.env.FILES_DIR = filesDir;
  delete process.env.S3_BUCKET;
  delete process.env.MAX_UPLOAD_MB;
});
afterAll(async () => {
  process.env = savedEnv;
  await rm(filesDir, { recursive: true, force: true });
});

const enc = (s: string) => new TextEncoder().encode(s);
const PDF = enc("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const EXE = (() => {
  const b = new Uint8Array(512);
  b.set(enc("MZ"), 0);
  new DataView(b.buffer).setUint32(0x3c, 0x80, true);
  b.set(enc("PE\0\0"), 0x80);
  return b;
})();

async function storedObjects(): Promise<number> {
  const walk = async (dir: string): Promise<number> => {
    let n = 0;
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.name === ".tmp") continue;
      n += e.isDirectory() ? await walk(path.join(dir, e.name)) : 1;
    }
    return n;
  };
  return walk(filesDir);
}

// ---- the world: a workspace with user types and clients, another workspace, sessions ----
async function world() {
  const ctx = await makeWorkspace(t.db);
  const w = ctx.workspace.id;
  const site = { workspaceId: w, host: `${ctx.workspace.slug}.localhost:3000` };
  const [defType, investors] = await t.db
    .insert(portalUserTypes)
    .values([
      { workspaceId: w, name: "Clients", isDefault: true },
      { workspaceId: w, name: "Investors" },
    ])
    .returning();
  let n = 0;
  const client = async (o: { typeId?: string | null; status?: "invited" | "joined" | "revoked" } = {}) => {
    const [c] = await t.db.insert(contacts).values({ workspaceId: w, firstName: `Client${++n}`, lastName: "Test", email: `c${n}-${w.slice(0, 6)}@example.test` }).returning();
    const [u] = await t.db.insert(portalUsers).values({ workspaceId: w, contactId: c.id, userTypeId: o.typeId ?? null, status: o.status ?? "joined" }).returning();
    if (o.status === "revoked") return { contactId: c.id, portalUserId: u.id, cookie: "" };
    const s = await t.db.transaction((tx) => createPortalSession(tx, { workspaceId: w, portalUserId: u.id, host: site.host, twoFactor: false }));
    return { contactId: c.id, portalUserId: u.id, cookie: `portal_session=${s.token}` };
  };
  actor = { id: ctx.user.id, email: ctx.user.email, name: ctx.user.name ?? null } as AdminUser;
  return { ctx, w, site, defType, investors, client };
}

function uploadRequest(slug: string, files: { name: string; bytes: Uint8Array }[], fields: Record<string, string> = {}, o: { json?: boolean; origin?: string } = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("file", new Blob([f.bytes as BlobPart]), f.name);
  const headers: Record<string, string> = { host: "localhost:3000", origin: o.origin ?? "http://localhost:3000" };
  if (o.json ?? true) headers.accept = "application/json";
  return adminUpload(new Request(`http://localhost:3000/api/w/${slug}/documents/upload`, { method: "POST", headers, body: form }), { params: Promise.resolve({ slug }) });
}

async function upload(slug: string, files: { name: string; bytes: Uint8Array }[], fields: Record<string, string> = {}) {
  const res = await uploadRequest(slug, files, fields);
  const body = (await res.json()) as { files: { id?: string; name: string; error?: { code: string } }[] };
  return { res, files: body.files };
}

function portalReq(site: { workspaceId: string; host: string }, p: string, cookie?: string, init: { method?: string; body?: BodyInit; origin?: string } = {}) {
  const headers: Record<string, string> = { [WORKSPACE_HEADER]: site.workspaceId, [HOST_HEADER]: site.host, host: site.host, "x-forwarded-for": freshIp(), "user-agent": "DocsTest/1.0" };
  if (cookie) headers.cookie = cookie;
  if (init.method === "POST") headers.origin = init.origin ?? `http://${site.host}`;
  return new Request(`http://${site.host}${p}`, { method: init.method ?? "GET", headers, body: init.body });
}
const open = (site: { workspaceId: string; host: string }, id: string, cookie?: string, inline = false) =>
  portalGet(portalReq(site, `/api/portal/documents/${id}${inline ? "?inline=1" : ""}`, cookie), { params: Promise.resolve({ id }) });
function clientUploadReq(site: { workspaceId: string; host: string }, folderId: string, cookie: string, bytes: Uint8Array, name = "scan.pdf", origin?: string) {
  const form = new FormData();
  form.append("file", new Blob([bytes as BlobPart]), name);
  return clientUpload(portalReq(site, `/api/portal/documents/folders/${folderId}/upload`, cookie, { method: "POST", body: form, origin }), { params: Promise.resolve({ id: folderId }) });
}
const events = (fileId: string) => t.db.select().from(sharedFileEvents).where(eq(sharedFileEvents.fileId, fileId));
const pendingNotices = (contactId: string) => t.db.select().from(hubNotices).where(and(eq(hubNotices.contactId, contactId), isNull(hubNotices.sentAt)));

describe("team uploads and a client's preview", () => {
  test("an admin uploads a PDF, shares it with one client, who previews and downloads it; each is recorded first", async () => {
    const { ctx, site, client } = await world();
    const [alice, bob] = [await client(), await client()];
    const up = await upload(ctx.workspace.slug, [{ name: "Offer letter.pdf", bytes: PDF }], { note: "Please read before Friday" });
    expect(up.res.status).toBe(201);
    const fileId = up.files[0].id!;
    const [row] = await t.db.select().from(sharedFiles).where(eq(sharedFiles.id, fileId));
    expect(row).toMatchObject({ name: "Offer letter.pdf", contentType: "application/pdf", note: "Please read before Friday", uploadedByUserId: ctx.user.id });

    // Not shared yet: the client cannot reach it.
    expect((await open(site, fileId, alice.cookie, true)).status).toBe(404);
    await shareDocuments(ctx, { fileId, contactIds: [alice.contactId], userTypeIds: [] });

    const view = await open(site, fileId, alice.cookie, true);
    expect(view.status).toBe(200);
    expect(view.headers.get("content-type")).toBe("application/pdf");
    expect(view.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(new Uint8Array(await view.arrayBuffer())).toEqual(PDF);
    const dl = await open(site, fileId, alice.cookie);
    expect(dl.headers.get("content-disposition")).toMatch(/^attachment;/);
    await dl.arrayBuffer();
    const ev = await events(fileId);
    expect(ev.map((e) => e.kind).sort()).toEqual(["download", "view"]);
    expect(ev[0]).toMatchObject({ contactId: alice.contactId, portalUserId: alice.portalUserId, userAgent: "DocsTest/1.0" });
    expect(ev[0].ip).toMatch(/^10\./);

    // Bob, with a session of his own, gets the same answer as for a file that does not exist.
    expect((await open(site, fileId, bob.cookie, true)).status).toBe(404);
    expect(await events(fileId)).toHaveLength(2);

    // The admin downloads it too.
    const a = await adminDownload(new Request(`http://localhost:3000/api/w/${ctx.workspace.slug}/documents/${fileId}?inline=1`), { params: Promise.resolve({ slug: ctx.workspace.slug, id: fileId }) });
    expect(a.status).toBe(200);
    expect(a.headers.get("content-disposition")).toMatch(/^inline;/);
  });

  test("a .pdf that is really an .exe is refused and nothing is stored; several files go in one request", async () => {
    const { ctx } = await world();
    const before = await storedObjects();
    const bad = await upload(ctx.workspace.slug, [{ name: "invoice.pdf", bytes: EXE }]);
    expect(bad.res.status).toBe(415);
    expect(bad.files[0].error?.code).toBe("FILE_TYPE_NOT_ALLOWED");
    expect(await storedObjects()).toBe(before);
    expect(await t.db.select().from(sharedFiles).where(eq(sharedFiles.workspaceId, ctx.workspace.id))).toHaveLength(0);

    const mixed = await upload(ctx.workspace.slug, [
      { name: "a.pdf", bytes: PDF },
      { name: "setup.pdf", bytes: EXE },
      { name: "b.pdf", bytes: PDF },
    ]);
    expect(mixed.res.status).toBe(201);
    expect(mixed.files.filter((f) => f.id).map((f) => f.name)).toEqual(["a.pdf", "b.pdf"]);
    expect(mixed.files.find((f) => f.error)).toMatchObject({ name: "setup.pdf", error: { code: "FILE_TYPE_NOT_ALLOWED" } });
    expect(await storedObjects()).toBe(before + 2);
  });

  test("more than 20 files in one upload: the first 20 are stored and the answer says the rest were left out", async () => {
    const { ctx } = await world();
    const many = Array.from({ length: 22 }, (_, i) => ({ name: `page ${i + 1}.pdf`, bytes: PDF }));
    const up = await upload(ctx.workspace.slug, many);
    expect(up.res.status).toBe(201);
    expect(up.files.filter((f) => f.id)).toHaveLength(20);
    expect(up.files.filter((f) => f.error)).toEqual([{ name: "", error: { code: "HUB_TOO_MANY_FILES", message: expect.stringContaining("At most 20 files") } }]);
    // Without JavaScript the page is told too.
    const plain = await uploadRequest(ctx.workspace.slug, many, {}, { json: false });
    expect(plain.headers.get("location")).toBe(`/w/${ctx.workspace.slug}/documents?uploaded=20&error=HUB_TOO_MANY_FILES`);
  });

  test("bad fields are refused before anything is stored: NUL in the note, another workspace's folder", async () => {
    const { ctx } = await world();
    const other = await world();
    const folder = await createFolder(other.ctx, { name: "Theirs" });
    actor = { id: ctx.user.id, email: ctx.user.email, name: null } as AdminUser;
    const before = await storedObjects();
    const nul = await upload(ctx.workspace.slug, [{ name: "a.pdf", bytes: PDF }], { note: "hi\u0000there" });
    expect(nul.files[0].error?.code).toBe("TEXT_UNSTORABLE");
    const foreign = await upload(ctx.workspace.slug, [{ name: "a.pdf", bytes: PDF }], { folderId: folder.id });
    expect(foreign.res.status).toBe(404);
    const long = await upload(ctx.workspace.slug, [{ name: "a.pdf", bytes: PDF }], { note: "x".repeat(1001) });
    expect(long.files[0].error?.code).toBe("VALIDATION_FAILED");
    expect(await storedObjects()).toBe(before);
  });

  test("a plain form (no JavaScript) gets a 303 back to the documents page; a cross-site post is refused", async () => {
    const { ctx } = await world();
    const res = await uploadRequest(ctx.workspace.slug, [{ name: "a.pdf", bytes: PDF }], { returnTo: `/w/${ctx.workspace.slug}/documents` }, { json: false });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/w/${ctx.workspace.slug}/documents?uploaded=1`);
    const evil = await uploadRequest(ctx.workspace.slug, [{ name: "a.pdf", bytes: PDF }], { returnTo: "//evil.example" }, { json: false });
    expect(evil.headers.get("location")).toBe(`/w/${ctx.workspace.slug}/documents?uploaded=1`);
    const cross = await uploadRequest(ctx.workspace.slug, [{ name: "a.pdf", bytes: PDF }], {}, { origin: "http://evil.example" });
    expect(cross.status).toBe(403);
  });
});

describe("who may reach a file", () => {
  test("guessed ids, another workspace's file, a removed file, a revoked client, no session", async () => {
    const { ctx, site, client, w } = await world();
    const alice = await client();
    const other = await world();
    const otherAlice = await other.client();
    const theirs = (await upload(other.ctx.workspace.slug, [{ name: "theirs.pdf", bytes: PDF }])).files[0].id!;
    await shareDocuments(other.ctx, { fileId: theirs, contactIds: [otherAlice.contactId], userTypeIds: [] });
    actor = { id: ctx.user.id, email: ctx.user.email, name: null } as AdminUser;
    const mine = (await upload(ctx.workspace.slug, [{ name: "mine.pdf", bytes: PDF }])).files[0].id!;
    await shareDocuments(ctx, { fileId: mine, contactIds: [alice.contactId], userTypeIds: [] });

    for (const id of [theirs, "00000000-0000-4000-8000-000000000000", "not-a-uuid", "------------------------------------"]) {
      expect((await open(site, id, alice.cookie)).status).toBe(404);
    }
    // The admin of this workspace cannot fetch the other workspace's file either.
    expect((await adminDownload(new Request("http://localhost:3000/x"), { params: Promise.resolve({ slug: ctx.workspace.slug, id: theirs }) })).status).toBe(404);
    // No session: to the sign-in page, nothing recorded.
    const anon = await open(site, mine);
    expect(anon.status).toBe(303);
    expect(anon.headers.get("location")).toBe("/sign-in");

    // Removed: the row stays (marked), the object goes, the client gets a 404.
    const before = await storedObjects();
    await deleteSharedFile(ctx, { fileId: mine });
    expect((await open(site, mine, alice.cookie)).status).toBe(404);
    expect(await storedObjects()).toBe(before - 1);
    await expect(deleteSharedFile(ctx, { fileId: mine })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Revoked: a live session of a revoked client reaches nothing.
    const again = (await upload(ctx.workspace.slug, [{ name: "again.pdf", bytes: PDF }])).files[0].id!;
    await shareDocuments(ctx, { fileId: again, contactIds: [alice.contactId], userTypeIds: [] });
    expect((await open(site, again, alice.cookie)).status).toBe(200);
    await t.db.update(portalUsers).set({ status: "revoked" }).where(and(eq(portalUsers.workspaceId, w), eq(portalUsers.id, alice.portalUserId)));
    expect((await open(site, again, alice.cookie)).status).toBe(303);
    expect(await events(again)).toHaveLength(1);
  });

  test("unsharing ends access at once; a file in a shared folder is seen through the folder", async () => {
    const { ctx, site, client } = await world();
    const alice = await client();
    const folder = await createFolder(ctx, { name: "Statements" });
    const id = (await upload(ctx.workspace.slug, [{ name: "q1.pdf", bytes: PDF }], { folderId: folder.id })).files[0].id!;
    expect((await open(site, id, alice.cookie)).status).toBe(404);
    await shareDocuments(ctx, { folderId: folder.id, contactIds: [alice.contactId], userTypeIds: [] });
    expect((await open(site, id, alice.cookie)).status).toBe(200);
    const [aud] = await t.db.select({ id: sharedAudiences.id }).from(sharedAudiences).where(eq(sharedAudiences.folderId, folder.id));
    await unshareDocuments(ctx, { audienceId: aud.id });
    expect((await open(site, id, alice.cookie)).status).toBe(404);
    await expect(unshareDocuments(ctx, { audienceId: aud.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("sharing to a user type reaches its members, its new members later, and the default type's untyped users", async () => {
    const { ctx, site, client, investors, defType } = await world();
    const inv1 = await client({ typeId: investors.id });
    const plain = await client();
    const id = (await upload(ctx.workspace.slug, [{ name: "fund.pdf", bytes: PDF }])).files[0].id!;
    await shareDocuments(ctx, { fileId: id, contactIds: [], userTypeIds: [investors.id] });
    expect((await open(site, id, inv1.cookie)).status).toBe(200);
    expect((await open(site, id, plain.cookie)).status).toBe(404);
    // A member who joins the type after the share sees the file, and is not notified of it.
    const inv2 = await client({ typeId: investors.id });
    expect((await open(site, id, inv2.cookie)).status).toBe(200);
    expect(await pendingNotices(inv2.contactId)).toHaveLength(0);
    expect(await pendingNotices(inv1.contactId)).toHaveLength(1);
    // The default type covers users with no type.
    const id2 = (await upload(ctx.workspace.slug, [{ name: "all.pdf", bytes: PDF }])).files[0].id!;
    await shareDocuments(ctx, { fileId: id2, contactIds: [], userTypeIds: [defType.id] });
    expect((await open(site, id2, plain.cookie)).status).toBe(200);
    expect((await open(site, id2, inv1.cookie)).status).toBe(404);
  });
});

describe("notices", () => {
  test("sharing 10 files with a client makes one pending notice with count 10; sharing again adds nothing", async () => {
    const { ctx, client } = await world();
    const alice = await client();
    const up = await upload(ctx.workspace.slug, Array.from({ length: 10 }, (_, i) => ({ name: `doc${i}.pdf`, bytes: PDF })));
    const ids = up.files.map((f) => f.id!);
    expect(ids).toHaveLength(10);
    for (const fileId of ids) await shareDocuments(ctx, { fileId, contactIds: [alice.contactId], userTypeIds: [] });
    const [n] = await pendingNotices(alice.contactId);
    expect(await pendingNotices(alice.contactId)).toHaveLength(1);
    expect(n).toMatchObject({ kind: "documents", itemCount: 10 });
    expect(n.items).toHaveLength(5);
    expect(await shareDocuments(ctx, { fileId: ids[0], contactIds: [alice.contactId], userTypeIds: [] })).toEqual({ added: 0, notified: 0 });
    expect((await pendingNotices(alice.contactId))[0].itemCount).toBe(10);
  });

  test("five parallel shares of one file with one client: one audience row, one notice item", async () => {
    const { ctx, client } = await world();
    const alice = await client();
    const id = (await upload(ctx.workspace.slug, [{ name: "race.pdf", bytes: PDF }])).files[0].id!;
    const results = await Promise.all(Array.from({ length: 5 }, () => shareDocuments(ctx, { fileId: id, contactIds: [alice.contactId], userTypeIds: [] })));
    expect(results.reduce((n, r) => n + r.added, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.notified, 0)).toBe(1);
    expect((await pendingNotices(alice.contactId))[0].itemCount).toBe(1);
    expect(await t.db.select().from(sharedAudiences).where(eq(sharedAudiences.fileId, id))).toHaveLength(1);
  });

  test("one share reaching a client twice (by name and by type) notifies once; revoked users are skipped", async () => {
    const { ctx, client, investors } = await world();
    const inv = await client({ typeId: investors.id });
    const gone = await client({ typeId: investors.id, status: "revoked" });
    const id = (await upload(ctx.workspace.slug, [{ name: "x.pdf", bytes: PDF }])).files[0].id!;
    const r = await shareDocuments(ctx, { fileId: id, contactIds: [inv.contactId], userTypeIds: [investors.id] });
    expect(r).toEqual({ added: 2, notified: 1 });
    expect((await pendingNotices(inv.contactId))[0].itemCount).toBe(1);
    expect(await pendingNotices(gone.contactId)).toHaveLength(0);
  });

  test("a type with many members is notified by one statement; a new file in a shared folder notifies its audience", async () => {
    const { ctx, w, investors, client } = await world();
    // 2,000 members inserted in bulk (the statement does not loop per member).
    await t.db.execute(sql`
      with c as (
        insert into contacts (workspace_id, first_name, last_name, email)
        select ${w}::uuid, 'Bulk', g::text, 'bulk' || g || '@example.test' from generate_series(1, 2000) g returning id)
      insert into portal_users (workspace_id, contact_id, user_type_id, status) select ${w}::uuid, c.id, ${investors.id}::uuid, 'joined' from c`);
    const id = (await upload(ctx.workspace.slug, [{ name: "big.pdf", bytes: PDF }])).files[0].id!;
    const r = await shareDocuments(ctx, { fileId: id, contactIds: [], userTypeIds: [investors.id] });
    expect(r.notified).toBe(2000);

    const alice = await client();
    const folder = await createFolder(ctx, { name: "Shared" });
    // Sharing an empty folder is not news yet.
    expect((await shareDocuments(ctx, { folderId: folder.id, contactIds: [alice.contactId], userTypeIds: [] })).notified).toBe(0);
    await upload(ctx.workspace.slug, [{ name: "new.pdf", bytes: PDF }, { name: "new2.pdf", bytes: PDF }], { folderId: folder.id });
    expect((await pendingNotices(alice.contactId))[0].itemCount).toBe(2);
  });
});

describe("folders and client uploads", () => {
  test("a client uploads into a shared folder that takes uploads; others in the folder never see it", async () => {
    const { ctx, site, client } = await world();
    const [alice, bob] = [await client(), await client()];
    const folder = await createFolder(ctx, { name: "Your uploads", clientUploads: true });
    await shareDocuments(ctx, { folderId: folder.id, contactIds: [alice.contactId, bob.contactId], userTypeIds: [] });
    const res = await clientUploadReq(site, folder.id, alice.cookie, PDF, "passport.pdf");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/documents/folders/${folder.id}?uploaded=1`);
    const [row] = await t.db.select().from(sharedFiles).where(and(eq(sharedFiles.folderId, folder.id), eq(sharedFiles.uploadedByContactId, alice.contactId)));
    expect(row).toMatchObject({ name: "passport.pdf", uploadedByPortalUserId: alice.portalUserId });
    expect((await open(site, row.id, alice.cookie)).status).toBe(200);
    expect((await open(site, row.id, bob.cookie)).status).toBe(404);
    // The team cannot share a client's upload on to others.
    await expect(shareDocuments(ctx, { fileId: row.id, contactIds: [bob.contactId], userTypeIds: [] })).rejects.toMatchObject({ code: "HUB_CLIENT_UPLOAD_NOT_SHAREABLE" });
    // A folder with files cannot be deleted.
    await expect(deleteFolder(ctx, { folderId: folder.id })).rejects.toMatchObject({ code: "HUB_FOLDER_NOT_EMPTY" });
  });

  test("uploads into a folder without uploads, one not shared with the client, or another workspace's, are refused and store nothing", async () => {
    const { ctx, site, client } = await world();
    const alice = await client();
    const closed = await createFolder(ctx, { name: "Read only" });
    await shareDocuments(ctx, { folderId: closed.id, contactIds: [alice.contactId], userTypeIds: [] });
    const hidden = await createFolder(ctx, { name: "Hidden", clientUploads: true });
    const other = await world();
    const foreign = await createFolder(other.ctx, { name: "Foreign", clientUploads: true });
    const before = await storedObjects();

    const noUploads = await clientUploadReq(site, closed.id, alice.cookie, PDF);
    expect(noUploads.status).toBe(303);
    expect(noUploads.headers.get("location")).toBe(`/documents/folders/${closed.id}?error=HUB_UPLOADS_NOT_ALLOWED`);
    for (const id of [hidden.id, foreign.id, "00000000-0000-4000-8000-000000000000", "nope"]) {
      expect((await clientUploadReq(site, id, alice.cookie, PDF)).status).toBe(404);
    }
    // The right folder, but an executable, or a cross-site post.
    await updateFolder(ctx, { folderId: closed.id, clientUploads: true });
    const exe = await clientUploadReq(site, closed.id, alice.cookie, EXE, "cv.pdf");
    expect(exe.headers.get("location")).toBe(`/documents/folders/${closed.id}?error=FILE_TYPE_NOT_ALLOWED`);
    expect((await clientUploadReq(site, closed.id, alice.cookie, PDF, "a.pdf", "http://evil.example")).status).toBe(403);
    expect(await storedObjects()).toBe(before);
    expect(await t.db.select().from(sharedFiles).where(eq(sharedFiles.uploadedByContactId, alice.contactId))).toHaveLength(0);
  });

  test("a client's uploads are rate limited (50 an hour): the next is refused with its own code and nothing is stored", async () => {
    const { ctx, site, client } = await world();
    const [alice, bob] = [await client(), await client()];
    const folder = await createFolder(ctx, { name: "Scans", clientUploads: true });
    await shareDocuments(ctx, { folderId: folder.id, contactIds: [alice.contactId, bob.contactId], userTypeIds: [] });
    for (let i = 0; i < 50; i++) expect((await clientUploadReq(site, folder.id, alice.cookie, PDF, `page ${i}.pdf`)).status).toBe(303);
    const before = await storedObjects();
    const refused = await clientUploadReq(site, folder.id, alice.cookie, PDF, "one too many.pdf");
    expect(refused.headers.get("location")).toBe(`/documents/folders/${folder.id}?error=RATE_LIMITED`);
    expect(await storedObjects()).toBe(before);
    expect(await t.db.select().from(sharedFiles).where(eq(sharedFiles.uploadedByContactId, alice.contactId))).toHaveLength(50);
    // Bob's uploads are his own count.
    expect((await clientUploadReq(site, folder.id, bob.cookie, PDF)).headers.get("location")).toBe(`/documents/folders/${folder.id}?uploaded=1`);
  });

  test("folder names are unique per workspace; an empty folder can be deleted; another workspace's folder is not found", async () => {
    const { ctx } = await world();
    const f = await createFolder(ctx, { name: "Tax" });
    await expect(createFolder(ctx, { name: "tax" })).rejects.toMatchObject({ code: "HUB_FOLDER_NAME_TAKEN" });
    const other = await world();
    await expect(deleteFolder(other.ctx, { folderId: f.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateFolder(other.ctx, { folderId: f.id, name: "Mine now" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(shareDocuments(other.ctx, { folderId: f.id, contactIds: [], userTypeIds: [other.investors.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await deleteFolder(ctx, { folderId: f.id });
    expect(await t.db.select().from(sharedFolders).where(eq(sharedFolders.id, f.id))).toHaveLength(0);
  });
});

describe("roles and input", () => {
  test("a marketing member can neither upload, download, pick clients nor share", async () => {
    const { ctx, client } = await world();
    const alice = await client();
    const id = (await upload(ctx.workspace.slug, [{ name: "a.pdf", bytes: PDF }])).files[0].id!;
    const mkt = await addMember(ctx, "marketing");
    actor = { id: mkt.user.id, email: mkt.user.email, name: null } as AdminUser;
    const before = await storedObjects();
    expect((await uploadRequest(ctx.workspace.slug, [{ name: "b.pdf", bytes: PDF }])).status).toBe(403);
    expect(await storedObjects()).toBe(before);
    expect((await adminDownload(new Request("http://localhost:3000/x"), { params: Promise.resolve({ slug: ctx.workspace.slug, id }) })).status).toBe(403);
    const pick = await pickClients(new Request("http://localhost:3000/x", { method: "POST", body: "{}" }), { params: Promise.resolve({ slug: ctx.workspace.slug }) });
    expect(pick.status).toBe(403);
    const r = await shareDocumentsAction(ctx.workspace.slug, { fileId: id, contactIds: [alice.contactId], userTypeIds: [] });
    expect(r).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await pendingNotices(alice.contactId)).toHaveLength(0);
  });

  test("the share action refuses bad input with clear errors and changes nothing", async () => {
    const { ctx, client } = await world();
    const alice = await client();
    const id = (await upload(ctx.workspace.slug, [{ name: "a.pdf", bytes: PDF }])).files[0].id!;
    const s = ctx.workspace.slug;
    expect(await shareDocumentsAction(s, { fileId: id })).toMatchObject({ ok: false, code: "HUB_NO_AUDIENCE" });
    expect(await shareDocumentsAction(s, { fileId: id, contactIds: ["x"] })).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await shareDocumentsAction(s, { fileId: id, contactIds: [alice.contactId + "\u0000"] })).toMatchObject({ ok: false, code: "TEXT_UNSTORABLE" });
    expect(await shareDocumentsAction(s, { contactIds: [alice.contactId] })).toMatchObject({ ok: false, code: "VALIDATION" });
    const other = await world();
    const stranger = await other.client();
    actor = { id: ctx.user.id, email: ctx.user.email, name: null } as AdminUser;
    expect(await shareDocumentsAction(s, { fileId: id, contactIds: [stranger.contactId] })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await shareDocumentsAction(s, { fileId: id, contactIds: [alice.contactId].join(",") })).toMatchObject({ ok: true, data: { added: 1, notified: 1 } });
  });

  test("the client picker searches live portal users a page at a time, this workspace only", async () => {
    const { ctx, client } = await world();
    for (let i = 0; i < 25; i++) await client();
    const revoked = await client({ status: "revoked" });
    const other = await world();
    await other.client();
    actor = { id: ctx.user.id, email: ctx.user.email, name: null } as AdminUser;
    const ask = async (body: unknown) =>
      (await (await pickClients(new Request("http://localhost:3000/x", { method: "POST", body: JSON.stringify(body) }), { params: Promise.resolve({ slug: ctx.workspace.slug }) })).json()) as {
        rows: { contactId: string }[];
        next: string | null;
      };
    const first = await ask({});
    expect(first.rows).toHaveLength(20);
    const second = await ask({ after: first.next });
    expect(second.rows).toHaveLength(5);
    expect(second.next).toBeNull();
    const all = [...first.rows, ...second.rows].map((r) => r.contactId);
    expect(new Set(all).size).toBe(25);
    expect(all).not.toContain(revoked.contactId);
    expect((await ask({ q: "client1" })).rows.length).toBeGreaterThan(0);
    expect((await ask({ q: "\u0000" })).rows).toHaveLength(0);
    expect((await ask({ after: "garbage" })).rows).toHaveLength(20);
  });
});
