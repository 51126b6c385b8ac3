// The signer's side of contracts and proposals: signing (typed and drawn), the signed PDF with its fields and audit
// page, its hash, order and races, declining, and everything a client or an attacker could try.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { and, eq } from "drizzle-orm";
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { contractEvents, contractFields, contracts, contractSigners, hubNotices } from "@/lib/db/schema";
import { verifySignedContract, readStoredBytes, sha256Hex } from "@/lib/contracts/verify-integrity";
import { recordContractView } from "@/lib/contracts/record-contract-view";
import { signingDate } from "@/lib/contracts/sign-contract";
import { contractGet, contractPost, contractWorld, makePdf, params, type Person } from "./helpers/contract-world";
import { useAppTestDb, type TestDb } from "./helpers/db";

const { POST: signPost } = await import("@/app/api/portal/contracts/[id]/sign/route");
const { POST: declinePost } = await import("@/app/api/portal/contracts/[id]/decline/route");
const { GET: documentGet } = await import("@/app/api/portal/contracts/[id]/document/route");
const { GET: signedGet } = await import("@/app/api/portal/contracts/[id]/signed/route");

let t: TestDb;
useAppTestDb((db) => void (t = db));

let filesDir: string;
const savedEnv = { ...process.env };
beforeAll(async () => {
  filesDir = await mkdtemp(path.join(os.tmpdir(), "contracts-sign-"));
  process.env.FILES_DIR = filesDir;
  delete process.env.S3_BUCKET;
});
afterAll(async () => {
  process.env = savedEnv;
  await rm(filesDir, { recursive: true, force: true });
});

// ---- PNGs as a canvas exports them: 8-bit RGBA, non-interlaced ----
function png(width: number, height: number, ink: (x: number, y: number) => boolean, o: { background?: [number, number, number, number] } = {}): Uint8Array {
  const bg = o.background ?? [0, 0, 0, 0];
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const px = ink(x, y) ? [20, 20, 60, 255] : bg;
      raw.set(px, y * (width * 4 + 1) + 1 + x * 4);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]));
}
const dataUrl = (b: Uint8Array) => `data:image/png;base64,${Buffer.from(b).toString("base64")}`;
const SCRIBBLE = dataUrl(png(300, 100, (x, y) => Math.abs(y - 50 - 30 * Math.sin(x / 20)) < 2));
const typed = (text: string) => ({ kind: "typed", text });
const drawn = (image: string) => ({ kind: "drawn", image });

// pdf.js reads text back the way a PDF reader would; Node 20 lacks one ES2024 helper it uses.
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= function <T>() {
  let resolve!: (v: T) => void, reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
};

const FONTS = path.join(process.cwd(), "node_modules/pdfjs-dist/standard_fonts/");

async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({ data: bytes.slice(), standardFontDataUrl: FONTS });
  const doc = await task.promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const tc = await (await doc.getPage(i)).getTextContent();
    pages.push(tc.items.map((it) => ("str" in it ? it.str : "")).join(" ").replace(/\s+/g, " "));
  }
  await task.destroy();
  return pages;
}

function imageXObjects(doc: PDFDocument, pageIndex: number): number {
  const res = doc.getPages()[pageIndex].node.Resources();
  const xo = res?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  if (!xo) return 0;
  return xo.keys().filter((k) => {
    const obj = xo.lookup(k);
    return obj instanceof PDFRawStream && obj.dict.get(PDFName.of("Subtype"))?.toString() === "/Image";
  }).length;
}

const sign = (w: Awaited<ReturnType<typeof contractWorld>>, who: Person, id: string, json: unknown, o: { ua?: string } = {}) =>
  signPost(contractPost(w.site, `/api/portal/contracts/${id}/sign`, { cookie: who.cookie, json, ua: o.ua }), params(id));
const decline = (w: Awaited<ReturnType<typeof contractWorld>>, who: Person, id: string, comment?: string) =>
  declinePost(contractPost(w.site, `/api/portal/contracts/${id}/decline`, { cookie: who.cookie, json: comment === undefined ? {} : { comment } }), params(id));
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

async function snapshot(id: string) {
  const db = t.db;
  const [c] = await db.select().from(contracts).where(eq(contracts.id, id));
  const signers = await db.select().from(contractSigners).where(eq(contractSigners.contractId, id)).orderBy(contractSigners.position);
  const fields = await db.select().from(contractFields).where(eq(contractFields.contractId, id)).orderBy(contractFields.id);
  const events = await db.select().from(contractEvents).where(eq(contractEvents.contractId, id)).orderBy(contractEvents.createdAt);
  return { c, signers, fields, events };
}

describe("the signed PDF", () => {
  test("two signers (typed and drawn) complete the contract: fields burned in, audit page with both hashes and each signer's IP and user agent, hash on record", async () => {
    const w = await contractWorld(t.db);
    const [alice, bob] = [await w.person("Alice"), await w.person("Bob")];
    const k = await w.contract({
      signers: [alice, bob],
      fields: [
        { signer: 0, kind: "signature", page: 1, x: 0.1, y: 0.6, width: 0.35, height: 0.06 },
        { signer: 0, kind: "date", page: 1, x: 0.55, y: 0.6, width: 0.25, height: 0.04 },
        { signer: 0, kind: "initials", page: 0, x: 0.8, y: 0.9, width: 0.1, height: 0.04 },
        { signer: 0, kind: "text", page: 0, x: 0.1, y: 0.3, width: 0.5, height: 0.04, label: "Company" },
        { signer: 1, kind: "signature", page: 1, x: 0.1, y: 0.75, width: 0.35, height: 0.08 },
      ],
    });
    const company = k.fields.find((f) => f.kind === "text")!.id;
    const date = k.fields.find((f) => f.kind === "date")!.id;

    const a = await sign(w, alice, k.id, { signature: typed("Alice Q. Test"), fields: { [company]: "Acme Widgets Ltd", [date]: "1999-01-01" } }, { ua: "AliceBrowser/1.0" });
    expect(a.status).toBe(200);
    expect(await a.json()).toMatchObject({ ok: true, completed: false });
    const b = await sign(w, bob, k.id, { signature: drawn(SCRIBBLE) }, { ua: "BobBrowser/2.0" });
    expect(b.status).toBe(200);
    expect(await b.json()).toMatchObject({ ok: true, completed: true });

    const s = await snapshot(k.id);
    expect(s.c.status).toBe("completed");
    const stored = (await readStoredBytes(s.c.signedStorageKey!))!;
    expect(sha256Hex(stored)).toBe(s.c.signedSha256);
    expect(stored.byteLength).toBe(s.c.signedSize);
    expect(await verifySignedContract(t.db, { workspaceId: w.workspaceId, contractId: k.id })).toEqual({ ok: true, sha256: s.c.signedSha256 });

    const doc = await PDFDocument.load(stored);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);
    const text = await pdfText(stored);
    expect(text.length).toBe(doc.getPageCount());
    const today = signingDate(s.signers[0].signedAt!);
    expect(text[1]).toContain("Alice Q. Test");
    expect(text[1]).toContain(today);
    expect(text[1]).not.toContain("1999-01-01"); // the server's date, never the client's
    expect(text[0]).toContain("Acme Widgets Ltd");
    expect(text[0]).toContain("AQT"); // initials from the typed name
    expect(imageXObjects(doc, 1)).toBe(1); // Bob's drawing
    expect(imageXObjects(doc, 0)).toBe(0);

    const audit = text.slice(2).join(" ");
    expect(audit).toContain("Audit trail");
    expect(audit).toContain(k.id);
    expect(audit).toContain(s.c.originalSha256);
    const completed = s.events.filter((e) => e.kind === "completed");
    expect(completed).toHaveLength(1);
    const after = (completed[0].detail as { afterSha256: string }).afterSha256;
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(s.c.originalSha256);
    expect(audit).toContain(after);
    // The audit pages are an incremental update: the first afterSize bytes are the burned-in document itself.
    const afterSize = (completed[0].detail as { afterSize: number }).afterSize;
    expect(sha256Hex(stored.subarray(0, afterSize))).toBe(after);
    expect(audit).toContain(`the first ${afterSize.toLocaleString("en-US")} bytes of this file`);
    // Its cross-reference entries point exactly at their objects (a strict reader needs no repair).
    const update = Buffer.from(stored.subarray(afterSize)).toString("latin1");
    const xrefAt = update.lastIndexOf("\nxref\n") + 1;
    const xref = update.slice(xrefAt);
    const entries = [...xref.matchAll(/^(\d+) 1\n(\d{10}) (\d{5}) n \n/gm)];
    expect(entries.length).toBeGreaterThan(3);
    for (const [, n, at, g] of entries) expect(Buffer.from(stored.subarray(Number(at), Number(at) + 20)).toString("latin1")).toMatch(new RegExp(`^${n} ${Number(g)} obj\n`));
    expect(update).toMatch(new RegExp(`/Prev \\d+\n>>\nstartxref\n${afterSize + xrefAt}\n%%EOF\n$`));
    const burnedOnly = await PDFDocument.load(stored.subarray(0, afterSize));
    expect(burnedOnly.getPageCount()).toBe(2);
    for (const signer of s.signers) {
      expect(audit).toContain(signer.name);
      expect(audit).toContain(signer.ip!);
      expect(audit).toContain(signer.email!);
    }
    expect(audit).toContain("AliceBrowser/1.0");
    expect(audit).toContain("BobBrowser/2.0");
    expect(audit).toContain(s.signers[0].signedAt!.toISOString());

    // Both signers download the very bytes on record; the creator and both signers are told.
    const dl = await signedGet(contractGet(w.site, `/api/portal/contracts/${k.id}/signed`, { cookie: bob.cookie }), params(k.id));
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-disposition")).toContain("attachment");
    expect(sha256Hex(new Uint8Array(await dl.arrayBuffer()))).toBe(s.c.signedSha256);
    const notices = await t.db.select().from(hubNotices).where(and(eq(hubNotices.workspaceId, w.workspaceId), eq(hubNotices.kind, "contract")));
    expect(notices.map((n) => n.userId ?? n.contactId).sort()).toEqual([w.ctx.user.id, alice.contactId, bob.contactId].sort());
  });

  test("a tampered stored PDF fails the integrity check and is not handed out", async () => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({ signers: [alice] });
    expect((await sign(w, alice, k.id, { signature: typed("Alice Test") })).status).toBe(200);
    const { c } = await snapshot(k.id);
    const bytes = (await readStoredBytes(c.signedStorageKey!))!;
    const changed = Buffer.from(bytes);
    changed[Math.floor(changed.length / 2)] ^= 0x01;
    await writeFile(path.join(filesDir, ...c.signedStorageKey!.split("/")), changed);
    const check = await verifySignedContract(t.db, { workspaceId: w.workspaceId, contractId: k.id });
    expect(check.ok).toBe(false);
    expect(check.sha256).not.toBe(c.signedSha256);
    const dl = await signedGet(contractGet(w.site, `/api/portal/contracts/${k.id}/signed`, { cookie: alice.cookie }), params(k.id));
    expect(dl.status).toBe(500);
    expect(await dl.text()).toMatch(/no longer matches/);
    // Another workspace's id, a guessed one, a contract not yet completed: nothing to verify.
    expect(await verifySignedContract(t.db, { workspaceId: (await contractWorld(t.db)).workspaceId, contractId: k.id })).toEqual({ ok: false, sha256: null });
    expect(await verifySignedContract(t.db, { workspaceId: w.workspaceId, contractId: "not-a-uuid" })).toEqual({ ok: false, sha256: null });
  });

  test("a field on a rotated page is drawn upright where the signer saw it", async () => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({
      signers: [alice],
      pdf: await makePdf(2, { rotateLast: 90 }),
      fields: [
        { signer: 0, kind: "signature", page: 1, x: 0.5, y: 0.8, width: 0.4, height: 0.08 },
        { signer: 0, kind: "text", page: 1, x: 0.1, y: 0.1, width: 0.4, height: 0.05, label: "Ref" },
      ],
    });
    const ref = k.fields.find((f) => f.kind === "text")!.id;
    expect((await sign(w, alice, k.id, { signature: typed("Rotated Signer"), fields: { [ref]: "REF-42" } })).status).toBe(200);
    const { c } = await snapshot(k.id);
    const stored = (await readStoredBytes(c.signedStorageKey!))!;
    const text = await pdfText(stored);
    expect(text[1]).toContain("Rotated Signer");
    expect(text[1]).toContain("REF-42");
    // The viewer-space box maps inside the page: pdf.js reports the text's position in the rotated view.
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const task = pdfjs.getDocument({ data: stored.slice(), standardFontDataUrl: FONTS });
    const doc = await task.promise;
    const page = await doc.getPage(2);
    const vp = page.getViewport({ scale: 1 });
    const item = (await page.getTextContent()).items.find((i) => "str" in i && i.str.includes("REF-42")) as { transform: number[] };
    const [vx, vy] = vp.convertToViewportPoint(item.transform[4], item.transform[5]);
    expect(vx / vp.width).toBeGreaterThan(0.1 - 0.01);
    expect(vx / vp.width).toBeLessThan(0.5);
    expect(vy / vp.height).toBeGreaterThan(0.1);
    expect(vy / vp.height).toBeLessThan(0.15 + 0.01);
    await task.destroy();
  });
});

describe("one signature each, one completion", () => {
  test("a second signature on a completed contract is refused and changes nothing", async () => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({ signers: [alice] });
    expect((await sign(w, alice, k.id, { signature: typed("Alice Test") })).status).toBe(200);
    const before = await snapshot(k.id);
    const again = await sign(w, alice, k.id, { signature: typed("Someone Else") });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe("CONTRACT_CLOSED");
    const d = await decline(w, alice, k.id, "changed my mind");
    expect(d.status).toBe(409);
    expect(await snapshot(k.id)).toEqual(before);
  });

  test("the same signer twice at once: exactly one signature", async () => {
    const w = await contractWorld(t.db);
    const [alice, bob] = [await w.person("Alice"), await w.person("Bob")];
    const k = await w.contract({ signers: [alice, bob] });
    const res = await Promise.all([sign(w, alice, k.id, { signature: typed("Alice One") }), sign(w, alice, k.id, { signature: typed("Alice Two") })]);
    expect(res.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await errorCode(res.find((r) => r.status === 409)!)).toBe("CONTRACT_ALREADY_SIGNED");
    const s = await snapshot(k.id);
    expect(s.events.filter((e) => e.kind === "signed")).toHaveLength(1);
    expect(s.signers[0].status).toBe("signed");
    expect(s.c.status).toBe("sent");
  });

  test("the last two parallel signers at the same moment complete the contract exactly once", async () => {
    const w = await contractWorld(t.db);
    const [alice, bob, carol] = [await w.person("Alice"), await w.person("Bob"), await w.person("Carol")];
    const k = await w.contract({ signers: [alice, bob, carol] });
    expect((await sign(w, carol, k.id, { signature: typed("Carol Test") })).status).toBe(200);
    const res = await Promise.all([sign(w, alice, k.id, { signature: typed("Alice Test") }), sign(w, bob, k.id, { signature: drawn(SCRIBBLE) })]);
    expect(res.map((r) => r.status)).toEqual([200, 200]);
    const bodies = (await Promise.all(res.map((r) => r.json()))) as { completed: boolean }[];
    expect(bodies.filter((b) => b.completed)).toHaveLength(1);
    const s = await snapshot(k.id);
    expect(s.c.status).toBe("completed");
    expect(s.events.filter((e) => e.kind === "completed")).toHaveLength(1);
    expect(s.signers.every((x) => x.status === "signed")).toBe(true);
    const objects = await import("node:fs/promises").then((fs) => fs.readdir(path.join(filesDir, "contracts", w.workspaceId, "signed")));
    expect(objects).toHaveLength(1);
    expect((await verifySignedContract(t.db, { workspaceId: w.workspaceId, contractId: k.id })).ok).toBe(true);
  });

  test("in order: the second signer waits, is told when it is their turn, then signs", async () => {
    const w = await contractWorld(t.db);
    const [alice, bob] = [await w.person("Alice"), await w.person("Bob")];
    const k = await w.contract({ signers: [alice, bob], order: "sequential" });
    const early = await sign(w, bob, k.id, { signature: typed("Bob Test") });
    expect(early.status).toBe(409);
    expect(await errorCode(early)).toBe("CONTRACT_NOT_YOUR_TURN");
    const noticeFor = async (contactId: string) => t.db.select().from(hubNotices).where(and(eq(hubNotices.contactId, contactId), eq(hubNotices.kind, "contract")));
    expect(await noticeFor(bob.contactId)).toHaveLength(0);
    expect((await snapshot(k.id)).signers[1].status).toBe("waiting");

    expect((await sign(w, alice, k.id, { signature: typed("Alice Test") })).status).toBe(200);
    const mid = await snapshot(k.id);
    expect(mid.signers.map((x) => x.status)).toEqual(["signed", "pending"]);
    const [n] = await noticeFor(bob.contactId);
    expect(n.items).toEqual([{ id: k.id, label: "Service agreement" }]);

    const late = await sign(w, bob, k.id, { signature: typed("Bob Test") });
    expect(await late.json()).toMatchObject({ ok: true, completed: true });
  });
});

describe("fields and proposals", () => {
  test("a required text field left empty: CONTRACT_FIELDS_INCOMPLETE, nothing written", async () => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({ signers: [alice], fields: [{ signer: 0, kind: "signature" }, { signer: 0, kind: "text", label: "Job title", y: 0.2 }, { signer: 0, kind: "text", label: "Optional note", y: 0.3, required: false }] });
    const before = await snapshot(k.id);
    const res = await sign(w, alice, k.id, { signature: typed("Alice Test"), fields: { [k.fields[1].id]: "   " } });
    expect(res.status).toBe(422);
    expect(await errorCode(res)).toBe("CONTRACT_FIELDS_INCOMPLETE");
    const tooLong = await sign(w, alice, k.id, { signature: typed("Alice Test"), fields: { [k.fields[1].id]: "x".repeat(201) } });
    expect(await errorCode(tooLong)).toBe("CONTRACT_FIELD_TOO_LONG");
    const nul = await sign(w, alice, k.id, { signature: typed("Alice Test"), fields: { [k.fields[1].id]: "CEO\u0000" } });
    expect(await errorCode(nul)).toBe("TEXT_UNSTORABLE");
    expect(await snapshot(k.id)).toEqual(before);
    // Filled: the optional one stays empty, and another signer's field id in the body is ignored.
    const ok = await sign(w, alice, k.id, { signature: typed("Alice Test"), fields: { [k.fields[1].id]: "CEO", "00000000-0000-4000-8000-000000000000": "x" } });
    expect(ok.status).toBe(200);
    const after = await snapshot(k.id);
    expect(after.fields.find((f) => f.id === k.fields[1].id)!.value).toBe("CEO");
    expect(after.fields.find((f) => f.id === k.fields[2].id)!.value).toBeNull();
  });

  test("a proposal without fields is accepted with a typed name alone", async () => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({ signers: [alice], kind: "proposal", fields: [] });
    const res = await sign(w, alice, k.id, { signature: typed("Alice Test") });
    expect(await res.json()).toMatchObject({ ok: true, completed: true });
    const s = await snapshot(k.id);
    expect(s.events.map((e) => e.kind)).toContain("accepted");
    expect(s.events.map((e) => e.kind)).not.toContain("signed");
    const text = await pdfText((await readStoredBytes(s.c.signedStorageKey!))!);
    expect(text).toHaveLength(3);
    expect(text[2]).toContain("Accepted by");
  });
});

describe("declining", () => {
  test("a proposal needs a comment; with one, it is declined, the creator is told, and it can no longer be signed", async () => {
    const w = await contractWorld(t.db);
    const [alice, bob] = [await w.person("Alice"), await w.person("Bob")];
    const k = await w.contract({ signers: [alice, bob], kind: "proposal" });
    const before = await snapshot(k.id);
    const bare = await decline(w, alice, k.id, "   ");
    expect(bare.status).toBe(422);
    expect(await errorCode(bare)).toBe("CONTRACT_DECLINE_COMMENT_REQUIRED");
    expect(await errorCode(await decline(w, alice, k.id, "x".repeat(2001)))).toBe("CONTRACT_DECLINE_COMMENT_TOO_LONG");
    expect(await errorCode(await decline(w, alice, k.id, "no\u0000"))).toBe("TEXT_UNSTORABLE");
    expect(await snapshot(k.id)).toEqual(before);

    const ok = await decline(w, alice, k.id, "The price is too high for us.");
    expect(ok.status).toBe(200);
    const s = await snapshot(k.id);
    expect(s.c.status).toBe("declined");
    expect(s.signers[0]).toMatchObject({ status: "declined", comment: "The price is too high for us." });
    expect(s.events.at(-1)).toMatchObject({ kind: "declined", detail: { comment: "The price is too high for us." } });
    const notices = await t.db.select().from(hubNotices).where(eq(hubNotices.userId, w.ctx.user.id));
    expect(notices).toHaveLength(1);
    const late = await sign(w, bob, k.id, { signature: typed("Bob Test") });
    expect(await errorCode(late)).toBe("CONTRACT_CLOSED");
  });

  test("a contract may be declined without a comment, by the plain form too", async () => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({ signers: [alice] });
    const res = await declinePost(contractPost(w.site, `/api/portal/contracts/${k.id}/decline`, { cookie: alice.cookie, form: { comment: "" } }), params(k.id));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/contracts/${k.id}?done=declined`);
    expect((await snapshot(k.id)).c.status).toBe("declined");
  });
});

describe("the plain form (before JavaScript)", () => {
  test("signs with a typed name and field values, and sends errors back to the page", async () => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({ signers: [alice], fields: [{ signer: 0, kind: "signature" }, { signer: 0, kind: "text", label: "City", y: 0.2 }] });
    const post = (form: Record<string, string>) => signPost(contractPost(w.site, `/api/portal/contracts/${k.id}/sign`, { cookie: alice.cookie, form }), params(k.id));
    const missing = await post({ signatureKind: "typed", typedName: "Alice Test" });
    expect(missing.status).toBe(303);
    expect(missing.headers.get("location")).toBe(`/contracts/${k.id}?error=CONTRACT_FIELDS_INCOMPLETE#sign`);
    const ok = await post({ signatureKind: "typed", typedName: "Alice Test", [`f.${k.fields[1].id}`]: "Pune" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/contracts/${k.id}?done=completed`);
  });
});

describe("bad signatures", () => {
  const JPEG = `data:image/png;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...new Array(64).fill(0)]).toString("base64")}`;
  const cases: [string, unknown][] = [
    ["a JPEG claiming to be a PNG", drawn(JPEG)],
    ["a data URL of another type", drawn(`data:image/svg+xml;base64,${Buffer.from("<svg/>").toString("base64")}`)],
    ["a blank transparent pad", drawn(dataUrl(png(300, 100, () => false)))],
    ["a blank white pad", drawn(dataUrl(png(300, 100, () => false, { background: [255, 255, 255, 255] })))],
    ["a single dot", drawn(dataUrl(png(300, 100, (x, y) => x === 5 && y === 5)))],
    ["an image far too large", drawn(dataUrl(png(5000, 40, (x) => x % 7 === 0)))],
    ["more than 200 KB", drawn(`data:image/png;base64,${Buffer.concat([Buffer.from(png(300, 100, (x) => x % 3 === 0)), Buffer.alloc(210_000)]).toString("base64")}`)],
    ["a truncated PNG", drawn(dataUrl(png(300, 100, (x) => x % 3 === 0).slice(0, 60)))],
    ["not base64", drawn("data:image/png;base64,@@@@")],
    ["a NUL in a typed name", typed("Alice\u0000Test")],
    ["an empty typed name", typed("   ")],
    ["a typed name of 101 characters", typed("A".repeat(101))],
    ["a number", 5],
    ["another kind", { kind: "stamped", text: "x" }],
    ["a typed name that is not a string", { kind: "typed", text: ["Alice"] }],
  ];
  test.each(cases)("%s: SIGNATURE_INVALID, nothing changed", async (_label, signature) => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({ signers: [alice] });
    const before = await snapshot(k.id);
    const res = await sign(w, alice, k.id, { signature });
    expect(res.status).toBe(422);
    expect(await errorCode(res)).toBe("SIGNATURE_INVALID");
    expect(await snapshot(k.id)).toEqual(before);
  });

  test("a body that is not an object, or far too large, is refused before anything is read", async () => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({ signers: [alice] });
    const arr = await signPost(contractPost(w.site, `/api/portal/contracts/${k.id}/sign`, { cookie: alice.cookie, json: [1, 2] }), params(k.id));
    expect(await errorCode(arr)).toBe("REQUEST_MALFORMED");
    const huge = await sign(w, alice, k.id, { signature: drawn(`data:image/png;base64,${"A".repeat(600_000)}`) });
    expect(huge.status).toBe(413);
    expect((await snapshot(k.id)).c.status).toBe("sent");
  });
});

describe("who may reach a contract", () => {
  test("another client's contract, a guessed id, another workspace, a draft, a voided one: 404 or 409, nothing changed", async () => {
    const w = await contractWorld(t.db);
    const [alice, carol] = [await w.person("Alice"), await w.person("Carol")];
    const k = await w.contract({ signers: [alice] });
    const draft = await w.contract({ signers: [alice], status: "draft" });
    const voided = await w.contract({ signers: [alice], status: "voided" });
    const other = await contractWorld(t.db);
    const stranger = await other.person("Stranger");
    const elsewhere = await other.contract({ signers: [stranger] });
    const before = await Promise.all([k.id, draft.id, voided.id, elsewhere.id].map(snapshot));

    // Carol is not a signer: her answers match a made-up id's exactly.
    for (const id of [k.id, "3f0c8c1e-4a7b-4c1d-9e2f-0a1b2c3d4e5f", "../../etc", elsewhere.id]) {
      const s = await sign(w, carol, id, { signature: typed("Carol Test") });
      expect(s.status).toBe(404);
      expect(await s.json()).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String) } });
      expect((await decline(w, carol, id, "no")).status).toBe(404);
      expect((await documentGet(contractGet(w.site, `/api/portal/contracts/${id}/document`, { cookie: carol.cookie }), params(id))).status).toBe(404);
      expect((await signedGet(contractGet(w.site, `/api/portal/contracts/${id}/signed`, { cookie: carol.cookie }), params(id))).status).toBe(404);
    }
    // A draft is not there for its signer yet; a voided one is closed and no longer shown.
    expect((await sign(w, alice, draft.id, { signature: typed("Alice Test") })).status).toBe(404);
    expect((await documentGet(contractGet(w.site, `/api/portal/contracts/${draft.id}/document`, { cookie: alice.cookie }), params(draft.id))).status).toBe(404);
    const v = await sign(w, alice, voided.id, { signature: typed("Alice Test") });
    expect(v.status).toBe(409);
    expect(await errorCode(v)).toBe("CONTRACT_CLOSED");
    expect((await decline(w, alice, voided.id, "x")).status).toBe(409);
    expect((await documentGet(contractGet(w.site, `/api/portal/contracts/${voided.id}/document`, { cookie: alice.cookie }), params(voided.id))).status).toBe(404);
    // Not completed yet: no signed copy.
    expect((await signedGet(contractGet(w.site, `/api/portal/contracts/${k.id}/signed`, { cookie: alice.cookie }), params(k.id))).status).toBe(404);
    // A session of another workspace is nobody here; a cross-site POST is refused; no session at all is 401.
    const crossWs = await signPost(contractPost(w.site, `/api/portal/contracts/${k.id}/sign`, { cookie: stranger.cookie, json: { signature: typed("X Y") } }), params(k.id));
    expect(crossWs.status).toBe(401);
    const crossSite = await signPost(contractPost(w.site, `/api/portal/contracts/${k.id}/sign`, { cookie: alice.cookie, json: { signature: typed("Alice Test") }, origin: "https://evil.example" }), params(k.id));
    expect(crossSite.status).toBe(403);
    expect((await signPost(contractPost(w.site, `/api/portal/contracts/${k.id}/sign`, { json: { signature: typed("A B") } }), params(k.id))).status).toBe(401);
    expect(await Promise.all([k.id, draft.id, voided.id, elsewhere.id].map(snapshot))).toEqual(before);

    // Its own signer sees the original inline.
    const docRes = await documentGet(contractGet(w.site, `/api/portal/contracts/${k.id}/document`, { cookie: alice.cookie }), params(k.id));
    expect(docRes.status).toBe(200);
    expect(docRes.headers.get("content-type")).toBe("application/pdf");
    expect(docRes.headers.get("content-disposition")).toMatch(/^inline/);
    expect(sha256Hex(new Uint8Array(await docRes.arrayBuffer()))).toBe(sha256Hex(k.pdf));
  });

  test("the first view is recorded once, for an open contract only", async () => {
    const w = await contractWorld(t.db);
    const [alice, carol] = [await w.person("Alice"), await w.person("Carol")];
    const k = await w.contract({ signers: [alice] });
    const p = (who: Person, id = k.id) => ({ workspaceId: w.workspaceId, contactId: who.contactId, contractId: id, ip: "10.0.0.9", userAgent: "Viewer/1" });
    expect(await recordContractView(t.db, p(carol))).toBe(false);
    expect(await recordContractView(t.db, p(alice, "nope"))).toBe(false);
    const both = await Promise.all([recordContractView(t.db, p(alice)), recordContractView(t.db, p(alice))]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const s = await snapshot(k.id);
    expect(s.signers[0].viewedAt).not.toBeNull();
    expect(s.events.filter((e) => e.kind === "viewed")).toHaveLength(1);
  });
});

describe("what a client's lists show, and failures that leave nothing behind", () => {
  test("the list holds only the viewer's own sent contracts; one contract hides other signers' values", async () => {
    const { listViewerContracts, viewerContract } = await import("@/lib/db/queries/portal-contracts");
    const w = await contractWorld(t.db);
    const [alice, bob, carol] = [await w.person("Alice"), await w.person("Bob"), await w.person("Carol")];
    const shared = await w.contract({ signers: [alice, bob], fields: [{ signer: 0, kind: "text", label: "Ref" }, { signer: 0, kind: "signature" }, { signer: 1, kind: "signature", y: 0.8 }] });
    await w.contract({ signers: [alice], status: "draft", title: "Draft one" });
    await w.contract({ signers: [carol], title: "Carol's own" });
    expect((await sign(w, alice, shared.id, { signature: typed("Alice Test"), fields: { [shared.fields[0].id]: "SECRET-REF" } })).status).toBe(200);

    const mine = await listViewerContracts(t.db, { workspaceId: w.workspaceId, contactId: alice.contactId });
    expect(mine.rows.map((r) => r.title)).toEqual(["Service agreement"]);
    expect(mine.rows[0]).toMatchObject({ status: "sent", myStatus: "signed" });
    const bobs = await viewerContract(t.db, { workspaceId: w.workspaceId, contactId: bob.contactId, contractId: shared.id });
    expect(bobs!.fields.filter((f) => !f.mine).map((f) => f.value)).toEqual([null, null]);
    expect(await viewerContract(t.db, { workspaceId: w.workspaceId, contactId: carol.contactId, contractId: shared.id })).toBeNull();
  });

  test("the completing signature and a decline at the same moment: exactly one wins", async () => {
    const w = await contractWorld(t.db);
    const [alice, bob] = [await w.person("Alice"), await w.person("Bob")];
    const k = await w.contract({ signers: [alice, bob] });
    expect((await sign(w, alice, k.id, { signature: typed("Alice Test") })).status).toBe(200);
    const [s, d] = await Promise.all([sign(w, bob, k.id, { signature: typed("Bob Test") }), decline(w, bob, k.id, "No")]);
    expect([s.status, d.status].sort()).toEqual([200, 409]);
    const loser = s.status === 409 ? s : d;
    expect(await errorCode(loser)).toBe("CONTRACT_CLOSED");
    const after = await snapshot(k.id);
    expect(after.c.status).toBe(s.status === 200 ? "completed" : "declined");
    expect(after.events.filter((e) => e.kind === "completed" || e.kind === "declined")).toHaveLength(1);
  });

  test("an original that is gone from storage: the last signature fails cleanly and changes nothing", async () => {
    const w = await contractWorld(t.db);
    const alice = await w.person("Alice");
    const k = await w.contract({ signers: [alice] });
    const before = await snapshot(k.id);
    await rm(path.join(filesDir, ...before.c.originalStorageKey.split("/")));
    const res = await sign(w, alice, k.id, { signature: typed("Alice Test") });
    expect(res.status).toBe(500);
    expect(await errorCode(res)).toBe("CONTRACT_INTEGRITY_FAILED");
    expect(await snapshot(k.id)).toEqual(before);
    const fs = await import("node:fs/promises");
    expect(await fs.readdir(path.join(filesDir, "contracts", w.workspaceId, "signed")).catch(() => [])).toEqual([]);
  });
});

test("a long audit trail runs over several pages, each numbered", async () => {
  const w = await contractWorld(t.db);
  const people: Person[] = [];
  for (let i = 0; i < 10; i++) people.push(await w.person(`Signer${i}`));
  const k = await w.contract({ signers: people });
  for (const p of people) expect((await sign(w, p, k.id, { signature: typed(p.name) }, { ua: `Agent-${p.name} ${"x".repeat(300)}` })).status).toBe(200);
  const s = await snapshot(k.id);
  const stored = (await readStoredBytes(s.c.signedStorageKey!))!;
  const text = await pdfText(stored);
  const audit = text.slice(2);
  expect(audit.length).toBeGreaterThan(1);
  audit.forEach((page, i) => expect(page).toContain(`Audit trail, page ${i + 1} of ${audit.length}`));
  for (const p of people) expect(audit.join(" ")).toContain(`Agent-${p.name}`);
  expect((await verifySignedContract(t.db, { workspaceId: w.workspaceId, contractId: k.id })).ok).toBe(true);
});
