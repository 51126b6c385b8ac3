// Client Centre uploads and downloads through the real route handlers: a real database, real files on disk (and a
// real S3-protocol server for one round trip), Requests built as a browser sends them after proxy.ts routed them.
// Only the admin's sign-in session is played (requireAdmin); membership and role come from the database.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import { and, eq, isNull } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { FileDrop } from "@/components/portal/file-drop";
import type { AdminUser } from "@/lib/auth/admin-context";
import { contacts, documents, opportunities, opportunityApplicants, portalUsers, requestItems, requestResponses, requests } from "@/lib/db/schema";
import { createPortalSession } from "@/lib/portal/sessions";
import { HOST_HEADER, WORKSPACE_HEADER } from "@/lib/tenancy/headers";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { addMember, makeWorkspace } from "./helpers/fixtures";
import { freshIp } from "./helpers/portal-http";
import { startS3Server, type S3Server } from "./helpers/s3-server";

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

// The upload box renders on the server as a page would (no browser): the router and the URL's query are its only inputs.
let query = new URLSearchParams();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh() {}, push() {} }), useSearchParams: () => query }));

const { POST: upload } = await import("@/app/api/portal/requests/[id]/items/[itemId]/files/route");
const { GET: download } = await import("@/app/api/portal/files/[id]/route");
const { POST: remove } = await import("@/app/api/portal/files/[id]/delete/route");
const { GET: adminDownload } = await import("@/app/api/w/[slug]/files/[id]/route");

let t: TestDb;
useAppTestDb((db) => void (t = db));

let filesDir: string;
const savedEnv = { ...process.env };
beforeAll(async () => {
  filesDir = await mkdtemp(path.join(os.tmpdir(), "uploads-"));
  process.env.FILES_DIR = filesDir;
  delete process.env.S3_BUCKET;
  delete process.env.MAX_UPLOAD_MB;
});
afterAll(async () => {
  process.env = savedEnv;
  await rm(filesDir, { recursive: true, force: true });
});

// --- files as their bytes are ---
const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const PDF = enc("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = cat(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), enc("IHDR"), new Uint8Array(17), Uint8Array.from([0, 0, 0, 0]), enc("IEND"), new Uint8Array(4));
const HEIC = cat(Uint8Array.from([0, 0, 0, 0x18]), enc("ftypheic"), new Uint8Array(4), enc("mif1heic"), new Uint8Array(64));
/** A Windows executable: the MZ header and a PE header at e_lfanew. */
const EXE = (() => {
  const b = new Uint8Array(512);
  b.set(enc("MZ"), 0);
  new DataView(b.buffer).setUint32(0x3c, 0x80, true);
  b.set(enc("PE\0\0"), 0x80);
  b.set(enc("This program cannot be run in DOS mode."), 0x4e);
  return b;
})();
const ELF = cat(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), new Uint8Array(120));
const OLE = cat(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), new Uint8Array(1024));
const SCRIPT = enc("#!/bin/sh\nrm -rf ~\n");

/** A ZIP with stored (uncompressed) entries: enough for DOCX/XLSX detection and for a plain zip. */
function zip(entries: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    locals.push(local, nameBuf, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(nameBuf.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}
const DOCX = zip({
  "[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  "word/document.xml": "<w:document/>",
});
const ZIP = zip({ "run.sh": "#!/bin/sh\n" });

// --- the world: one workspace, two opportunities with one applicant each ---
type World = Awaited<ReturnType<typeof world>>;
async function world() {
  const admin = await makeWorkspace(t.db);
  const ws = admin.workspace;
  const host = `${ws.slug}.localhost`;
  const person = async (firstName: string) => {
    const [c] = await t.db.insert(contacts).values({ workspaceId: ws.id, firstName, lastName: "Client", email: `${firstName.toLowerCase()}-${ws.slug}@example.test` }).returning();
    const [u] = await t.db.insert(portalUsers).values({ workspaceId: ws.id, contactId: c.id, status: "joined" }).returning();
    const session = async (twoFactor: boolean) => {
      const s = await t.db.transaction((tx) => createPortalSession(tx, { workspaceId: ws.id, portalUserId: u.id, host, twoFactor }));
      return `portal_session=${s.token}`;
    };
    return { contactId: c.id, portalUserId: u.id, cookie: await session(true), oneFactor: await session(false) };
  };
  const opportunity = async (contactId: string) => {
    const [o] = await t.db.insert(opportunities).values({ workspaceId: ws.id, name: "Home loan" }).returning();
    await t.db.insert(opportunityApplicants).values({ workspaceId: ws.id, opportunityId: o.id, contactId, role: "primary" });
    const [r] = await t.db.insert(requests).values({ workspaceId: ws.id, opportunityId: o.id, title: "Documents", status: "open" }).returning();
    const [doc, text] = await t.db
      .insert(requestItems)
      .values([
        { workspaceId: ws.id, requestId: r.id, position: 0, kind: "document", label: "Passport" },
        { workspaceId: ws.id, requestId: r.id, position: 1, kind: "short_text", label: "Employer" },
      ])
      .returning();
    return { requestId: r.id, itemId: doc.id, textItemId: text.id };
  };
  const ana = await person("Ana");
  const ben = await person("Ben");
  return { admin, ws, host, ana, ben, anaReq: await opportunity(ana.contactId), benReq: await opportunity(ben.contactId) };
}

function headers(w: World, opts: { cookie?: string; json?: boolean; origin?: string }) {
  const h = new Headers({ [WORKSPACE_HEADER]: w.ws.id, [HOST_HEADER]: w.host, host: w.host, origin: opts.origin ?? `http://${w.host}`, "x-forwarded-for": freshIp() });
  if (opts.cookie) h.set("cookie", opts.cookie);
  if (opts.json) h.set("accept", "application/json");
  return h;
}

type UploadOpts = { cookie?: string; json?: boolean; name?: string; type?: string; returnTo?: string; origin?: string; noFile?: boolean };
function uploadReq(w: World, target: { requestId: string; itemId: string }, bytes: Uint8Array, o: UploadOpts = {}) {
  const form = new FormData();
  if (o.returnTo !== undefined) form.set("returnTo", o.returnTo);
  if (!o.noFile) form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], o.name ?? "passport.pdf", { type: o.type ?? "application/pdf" }));
  return new Request(`http://${w.host}/api/portal/requests/${target.requestId}/items/${target.itemId}/files`, {
    method: "POST",
    headers: headers(w, { json: o.json ?? true, cookie: "cookie" in o ? o.cookie : w.ana.cookie, origin: o.origin }),
    body: form,
  });
}
const call = (w: World, target: { requestId: string; itemId: string }, bytes: Uint8Array, o: UploadOpts = {}) =>
  upload(uploadReq(w, target, bytes, o), { params: Promise.resolve({ id: target.requestId, itemId: target.itemId }) });

const stored = async () => (await readdir(filesDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
const docsOf = (contactId: string) => t.db.select().from(documents).where(and(eq(documents.contactId, contactId), isNull(documents.deletedAt)));
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

function getReq(w: World, url: string, cookie?: string, json = false) {
  return new Request(`http://${w.host}${url}`, { headers: headers(w, { cookie, json }) });
}
const dl = (w: World, id: string, cookie?: string, json = false) => download(getReq(w, `/api/portal/files/${id}`, cookie, json), { params: Promise.resolve({ id }) });
function del(w: World, id: string, cookie: string | undefined, o: { json?: boolean; returnTo?: string } = {}) {
  const h = headers(w, { cookie, json: o.json });
  h.set("content-type", "application/x-www-form-urlencoded");
  return remove(new Request(`http://${w.host}/api/portal/files/${id}/delete`, { method: "POST", headers: h, body: new URLSearchParams(o.returnTo ? { returnTo: o.returnTo } : {}).toString() }), {
    params: Promise.resolve({ id }),
  });
}
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe("uploading", () => {
  test("a two-factor client uploads a PDF: stored under a generated key, row and response recorded, JSON answer", async () => {
    const w = await world();
    const before = await stored();
    const res = await call(w, w.anaReq, PDF, { name: "C:\\scans\\my\u202Epassport.pdf" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(String), name: "mypassport.pdf", size: PDF.byteLength, contentType: "application/pdf" });
    expect(await stored()).toBe(before + 1);
    const [doc] = await docsOf(w.ana.contactId);
    expect(doc).toMatchObject({ requestId: w.anaReq.requestId, requestItemId: w.anaReq.itemId, uploadedByPortalUserId: w.ana.portalUserId, reviewStatus: "pending" });
    expect(doc.storageKey).toMatch(new RegExp(`^ws/${w.ws.id}/requests/${w.anaReq.requestId}/[0-9a-f-]{36}$`));
    expect(doc.storageKey).not.toContain("passport");
    const [resp] = await t.db.select().from(requestResponses).where(eq(requestResponses.contactId, w.ana.contactId));
    expect(resp.openedAt).not.toBeNull();
    expect(resp.submittedAt).toBeNull();
  });

  test("PNG, HEIC and DOCX are accepted by their bytes, whatever the browser claims", async () => {
    const w = await world();
    for (const [bytes, name, mime] of [
      [PNG, "photo.png", "image/png"],
      [HEIC, "IMG_0001.HEIC", "image/heic"],
      [DOCX, "payslip.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ] as const) {
      const res = await call(w, w.anaReq, bytes, { name, type: "application/octet-stream" });
      expect(res.status, name).toBe(201);
      expect((await res.json()).contentType).toBe(mime);
    }
  });

  test("a plain form (no JavaScript) gets a 303 back to returnTo, before its #fragment", async () => {
    const w = await world();
    const back = `/requests/${w.anaReq.requestId}#item-${w.anaReq.itemId}`;
    const ok = await call(w, w.anaReq, PDF, { json: false, returnTo: back });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/requests/${w.anaReq.requestId}?uploaded=1&item=${w.anaReq.itemId}#item-${w.anaReq.itemId}`);
    const bad = await call(w, w.anaReq, EXE, { json: false, returnTo: back, name: "passport.pdf" });
    expect(bad.headers.get("location")).toBe(`/requests/${w.anaReq.requestId}?error=FILE_TYPE_NOT_ALLOWED&item=${w.anaReq.itemId}#item-${w.anaReq.itemId}`);
    // Only portal paths: anything else returns to the request.
    for (const evil of ["https://evil.test/x", "//evil.test/x", "/\\evil.test", "javascript:alert(1)"]) {
      const res = await call(w, w.anaReq, PDF, { json: false, returnTo: evil });
      expect(res.headers.get("location")).toBe(`/requests/${w.anaReq.requestId}?uploaded=1&item=${w.anaReq.itemId}`);
    }
  });

  test("no session: 401 for the uploader, 303 to the code step for a form; nothing stored", async () => {
    const w = await world();
    const before = await stored();
    const json = await call(w, w.anaReq, PDF, { cookie: undefined });
    expect(json.status).toBe(401);
    expect(await errorCode(json)).toBe("UNAUTHENTICATED");
    const form = await call(w, w.anaReq, PDF, { cookie: undefined, json: false });
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe(`/verify?next=${encodeURIComponent(`/requests/${w.anaReq.requestId}`)}`);
    expect(await stored()).toBe(before);
  });

  test("a one-factor session is refused (step-up needed), as is a cross-site POST", async () => {
    const w = await world();
    const res = await call(w, w.anaReq, PDF, { cookie: w.ana.oneFactor });
    expect(res.status).toBe(401);
    const cross = await call(w, w.anaReq, PDF, { origin: "https://evil.test" });
    expect(cross.status).toBe(403);
    expect(await docsOf(w.ana.contactId)).toHaveLength(0);
  });

  test("another opportunity's request or item, or a guessed id, is a 404 and stores nothing", async () => {
    const w = await world();
    const before = await stored();
    const targets = [
      w.benReq, // Ben's request and item
      { requestId: w.anaReq.requestId, itemId: w.benReq.itemId }, // Ben's item under Ana's request
      { requestId: w.benReq.requestId, itemId: w.anaReq.itemId },
      { requestId: crypto.randomUUID(), itemId: w.anaReq.itemId },
      { requestId: "not-a-uuid", itemId: "../../etc" },
    ];
    for (const target of targets) {
      const res = await call(w, target, PDF);
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe("NOT_FOUND");
    }
    expect(await stored()).toBe(before);
    expect(await t.db.select().from(documents).where(eq(documents.workspaceId, w.ws.id))).toHaveLength(0);
  });

  test("an item that asks a question (short_text) takes no files", async () => {
    const w = await world();
    const res = await call(w, { requestId: w.anaReq.requestId, itemId: w.anaReq.textItemId }, PDF);
    expect(res.status).toBe(404);
  });

  test("a Windows .exe renamed passport.pdf and sent as application/pdf is refused; so are ELF, zip, scripts and unknown bytes", async () => {
    const w = await world();
    const before = await stored();
    for (const [bytes, name] of [
      [EXE, "passport.pdf"],
      [ELF, "photo.jpg"],
      [ZIP, "documents.docx"],
      [SCRIPT, "notes.pdf"],
      [new Uint8Array(300).fill(0x41), "statement.pdf"],
    ] as const) {
      const res = await call(w, w.anaReq, bytes, { name, type: "application/pdf" });
      expect(res.status, name).toBe(415);
      expect(await errorCode(res)).toBe("FILE_TYPE_NOT_ALLOWED");
    }
    const ole = await call(w, w.anaReq, OLE, { name: "old.doc", type: "application/msword" });
    expect(await errorCode(ole)).toBe("FILE_TYPE_LEGACY_OFFICE");
    expect(await stored()).toBe(before);
    expect(await docsOf(w.ana.contactId)).toHaveLength(0);
  });

  test("an empty file, or no file at all, is FILE_EMPTY; a body that is not multipart is REQUEST_MALFORMED", async () => {
    const w = await world();
    const empty = await call(w, w.anaReq, new Uint8Array(0));
    expect(empty.status).toBe(422);
    expect(await errorCode(empty)).toBe("FILE_EMPTY");
    expect(await errorCode(await call(w, w.anaReq, PDF, { noFile: true }))).toBe("FILE_EMPTY");
    const h = headers(w, { cookie: w.ana.cookie, json: true });
    h.set("content-type", "application/json");
    const res = await upload(new Request(`http://${w.host}/x`, { method: "POST", headers: h, body: "{}" }), { params: Promise.resolve({ id: w.anaReq.requestId, itemId: w.anaReq.itemId }) });
    expect(await errorCode(res)).toBe("REQUEST_MALFORMED");
    expect(await docsOf(w.ana.contactId)).toHaveLength(0);
  });

  test("a body cut short (connection dropped, or a proxy's size cap) is REQUEST_MALFORMED and stores nothing", async () => {
    const w = await world();
    const before = await stored();
    const req = uploadReq(w, w.anaReq, cat(PDF, new Uint8Array(200_000)));
    const full = new Uint8Array(await req.arrayBuffer());
    const res = await upload(new Request(req.url, { method: "POST", headers: req.headers, body: full.subarray(0, 100_000) }), {
      params: Promise.resolve({ id: w.anaReq.requestId, itemId: w.anaReq.itemId }),
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("REQUEST_MALFORMED");
    expect(await stored()).toBe(before);
    expect(await docsOf(w.ana.contactId)).toHaveLength(0);
  });

  test("past the limit (MAX_UPLOAD_MB) the upload is refused while streaming and leaves no object", async () => {
    const w = await world();
    process.env.MAX_UPLOAD_MB = "1";
    try {
      const before = await stored();
      const big = cat(PDF, new Uint8Array(1024 * 1024));
      const res = await call(w, w.anaReq, big);
      expect(res.status).toBe(413);
      expect(await errorCode(res)).toBe("FILE_TOO_LARGE");
      // Declared too large up front: refused before reading.
      const req = uploadReq(w, w.anaReq, PDF);
      const h = new Headers(req.headers);
      h.set("content-length", String(50 * 1024 * 1024));
      const declared = await upload(new Request(req.url, { method: "POST", headers: h, body: await req.arrayBuffer() }), {
        params: Promise.resolve({ id: w.anaReq.requestId, itemId: w.anaReq.itemId }),
      });
      expect(await errorCode(declared)).toBe("FILE_TOO_LARGE");
      expect(await stored()).toBe(before);
      expect(await docsOf(w.ana.contactId)).toHaveLength(0);
      // Exactly at the limit is fine.
      const fits = await call(w, w.anaReq, cat(PDF, new Uint8Array(1024 * 1024 - PDF.byteLength)));
      expect(fits.status).toBe(201);
    } finally {
      delete process.env.MAX_UPLOAD_MB;
    }
  });

  test("ten live files per item: the 11th is FILE_LIMIT; removing one makes room; parallel uploads cannot overshoot", async () => {
    const w = await world();
    for (let i = 0; i < 8; i++) expect((await call(w, w.anaReq, PNG, { name: `p${i}.png` })).status).toBe(201);
    const parallel = await Promise.all(Array.from({ length: 5 }, (_, i) => call(w, w.anaReq, PNG, { name: `q${i}.png` })));
    expect(parallel.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
    expect(await docsOf(w.ana.contactId)).toHaveLength(10);
    const eleventh = await call(w, w.anaReq, PNG);
    expect(eleventh.status).toBe(409);
    expect(await errorCode(eleventh)).toBe("FILE_LIMIT");
    const [first] = await docsOf(w.ana.contactId);
    expect((await del(w, first.id, w.ana.cookie, { json: true })).status).toBe(200);
    expect((await call(w, w.anaReq, PNG)).status).toBe(201);
    // Ben's item is his own count.
    expect((await call(w, w.benReq, PNG, { cookie: w.ben.cookie })).status).toBe(201);
  });

  test("a submitted response or a closed request takes no more files", async () => {
    const w = await world();
    await t.db.insert(requestResponses).values({ workspaceId: w.ws.id, requestId: w.anaReq.requestId, contactId: w.ana.contactId, openedAt: new Date(), submittedAt: new Date() });
    const res = await call(w, w.anaReq, PDF);
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe("REQUEST_SUBMITTED");
    await t.db.update(requests).set({ status: "closed" }).where(eq(requests.id, w.benReq.requestId));
    expect(await errorCode(await call(w, w.benReq, PDF, { cookie: w.ben.cookie }))).toBe("REQUEST_NOT_OPEN");
    // A draft request does not exist for the client at all.
    await t.db.update(requests).set({ status: "draft" }).where(eq(requests.id, w.benReq.requestId));
    expect((await call(w, w.benReq, PDF, { cookie: w.ben.cookie })).status).toBe(404);
  });

  test("uploads go to S3 when S3_BUCKET is set", async () => {
    let s3: S3Server | undefined;
    try {
      s3 = await startS3Server();
      Object.assign(process.env, s3.env);
      const w = await world();
      const res = await call(w, w.anaReq, PDF);
      expect(res.status).toBe(201);
      const { id } = await res.json();
      const got = await dl(w, id, w.ana.cookie);
      expect(got.status).toBe(200);
      expect(Buffer.from(await bytesOf(got)).equals(Buffer.from(PDF))).toBe(true);
    } finally {
      for (const k of Object.keys(s3?.env ?? {})) delete process.env[k];
      await s3?.close();
    }
  });
});

describe("downloading and removing", () => {
  async function uploaded(w: World, bytes = PDF, name = "passport.pdf") {
    const res = await call(w, w.anaReq, bytes, { name });
    expect(res.status).toBe(201);
    return (await res.json()).id as string;
  }

  test("the client downloads their own file: the same bytes, streamed, as an attachment with safe headers", async () => {
    const w = await world();
    const id = await uploaded(w, PDF, "Résumé \"2024\".pdf");
    const res = await dl(w, id, w.ana.cookie);
    expect(res.status).toBe(200);
    expect(res.body).toBeInstanceOf(ReadableStream);
    expect(Buffer.from(await bytesOf(res)).equals(Buffer.from(PDF))).toBe(true);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-length")).toBe(String(PDF.byteLength));
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="R_sum_ _2024_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%222024%22.pdf`);
  });

  test("another applicant's document, a guessed id, or no second factor: nothing", async () => {
    const w = await world();
    const id = await uploaded(w);
    for (const res of [await dl(w, id, w.ben.cookie), await dl(w, crypto.randomUUID(), w.ana.cookie), await dl(w, "../../etc/passwd", w.ana.cookie)]) {
      expect(res.status).toBe(404);
    }
    const step = await dl(w, id, w.ana.oneFactor);
    expect(step.status).toBe(303);
    expect(step.headers.get("location")).toBe(`/verify?next=${encodeURIComponent(`/api/portal/files/${id}`)}`);
    expect((await dl(w, id, undefined, true)).status).toBe(401);
  });

  test("the client removes their own upload: row marked removed, object gone, download 404", async () => {
    const w = await world();
    const before = await stored();
    const id = await uploaded(w);
    expect((await del(w, id, w.ben.cookie, { json: true })).status).toBe(404); // not Ben's
    const res = await del(w, id, w.ana.cookie, { returnTo: `/requests/${w.anaReq.requestId}#item-x` });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/requests/${w.anaReq.requestId}?removed=1#item-x`);
    const [row] = await t.db.select().from(documents).where(eq(documents.id, id));
    expect(row.deletedAt).not.toBeNull();
    expect(await stored()).toBe(before);
    expect((await dl(w, id, w.ana.cookie)).status).toBe(404);
    expect((await del(w, id, w.ana.cookie, { json: true })).status).toBe(404); // twice
  });

  test("no removing after submit, nor a file already reviewed", async () => {
    const w = await world();
    const a = await uploaded(w);
    const b = await uploaded(w);
    await t.db.update(documents).set({ reviewStatus: "approved" }).where(eq(documents.id, a));
    const reviewed = await del(w, a, w.ana.cookie, { json: true });
    expect(reviewed.status).toBe(409);
    expect(await errorCode(reviewed)).toBe("FILE_REVIEWED");
    await t.db.update(requestResponses).set({ submittedAt: new Date() }).where(eq(requestResponses.contactId, w.ana.contactId));
    const submitted = await del(w, b, w.ana.cookie, { returnTo: "/requests/x" });
    expect(submitted.headers.get("location")).toBe("/requests/x?error=REQUEST_SUBMITTED");
    expect(await docsOf(w.ana.contactId)).toHaveLength(2);
  });
});

describe("admin download", () => {
  const adminGet = (w: World, slug: string, id: string, qs = "") =>
    adminDownload(new Request(`http://localhost:3000/api/w/${slug}/files/${id}${qs}`), { params: Promise.resolve({ slug, id }) });

  test("a workspace admin downloads or views the client's file; a member of another workspace gets 404, marketing 403", async () => {
    const w = await world();
    const res = await call(w, w.anaReq, PDF, { name: "passport.pdf" });
    const { id } = await res.json();
    const docx = (await (await call(w, w.anaReq, DOCX, { name: "payslip.docx" })).json()).id as string;

    actor = w.admin.user;
    const got = await adminGet(w, w.ws.slug, id);
    expect(got.status).toBe(200);
    expect(Buffer.from(await bytesOf(got)).equals(Buffer.from(PDF))).toBe(true);
    expect(got.headers.get("content-disposition")).toMatch(/^attachment; /);
    const inline = await adminGet(w, w.ws.slug, id, "?inline=1");
    expect(inline.headers.get("content-disposition")).toMatch(/^inline; /);
    expect(inline.headers.get("x-content-type-options")).toBe("nosniff");
    // A Word file is never shown inline.
    expect((await adminGet(w, w.ws.slug, docx, "?inline=1")).headers.get("content-disposition")).toMatch(/^attachment; /);

    const other = await makeWorkspace(t.db);
    actor = other.user;
    expect((await adminGet(w, w.ws.slug, id)).status).toBe(404); // not a member here
    expect((await adminGet(w, other.workspace.slug, id)).status).toBe(404); // their workspace, not their document
    actor = (await addMember(w.admin, "marketing")).user;
    expect((await adminGet(w, w.ws.slug, id)).status).toBe(403);
    actor = null;
    expect((await adminGet(w, w.ws.slug, id)).status).toBe(401);
  });
});

describe("the upload box before JavaScript", () => {
  const render = (p: { requestId: string; itemId: string; disabled?: boolean }) =>
    renderToStaticMarkup(createElement(FileDrop, { ...p, returnTo: `/requests/${p.requestId}#item-${p.itemId}`, maxBytes: 20 * 1024 * 1024 }));

  test("is a plain multipart form that the upload route accepts, with the limits shown", async () => {
    const w = await world();
    query = new URLSearchParams();
    const html = render(w.anaReq);
    const form = /<form [^>]*>/.exec(html)![0];
    expect(form).toMatch(/ method="post"/);
    expect(form).toMatch(/ enctype="multipart\/form-data"/i); // attribute names are case-insensitive in HTML
    const action = / action="([^"]+)"/.exec(form)?.[1];
    expect(action).toBe(`/api/portal/requests/${w.anaReq.requestId}/items/${w.anaReq.itemId}/files`);
    expect(html).toMatch(/<input type="hidden" name="returnTo" value="[^"]+"/);
    const fileInput = /<input [^>]*type="file"[^>]*>/.exec(html)![0];
    expect(fileInput).toMatch(/ name="file"/);
    expect(fileInput).toMatch(/ accept="[^"]*application\/pdf/);
    expect(html).not.toMatch(/type="file"[^>]* multiple/); // one file per plain upload
    expect(html).toContain(">Upload</button>");
    expect(html).toContain("PDF, JPG, PNG, HEIC, Word, Excel · up to 20\u00a0MB");
    // Posting that form as a browser would.
    const returnTo = /name="returnTo" value="([^"]+)"/.exec(html)![1].replace(/&amp;/g, "&");
    const res = await call(w, w.anaReq, PDF, { json: false, returnTo });
    expect(res.headers.get("location")).toBe(`/requests/${w.anaReq.requestId}?uploaded=1&item=${w.anaReq.itemId}#item-${w.anaReq.itemId}`);
  });

  test("shows a plain form's error next to its own item only, and can be disabled", async () => {
    const w = await world();
    query = new URLSearchParams({ error: "FILE_TYPE_NOT_ALLOWED", item: w.anaReq.itemId });
    expect(render(w.anaReq)).toContain("That kind of file can&#x27;t be uploaded here.");
    expect(render({ requestId: w.anaReq.requestId, itemId: w.anaReq.textItemId })).not.toContain("can&#x27;t be uploaded");
    query = new URLSearchParams({ uploaded: "1", item: w.anaReq.itemId });
    expect(render(w.anaReq)).toContain("File uploaded.");
    query = new URLSearchParams();
    const off = render({ ...w.anaReq, disabled: true });
    expect(off).toMatch(/type="file"[^>]*disabled=""/);
    expect(off).toMatch(/<button type="submit" disabled=""/);
  });
});
