import "server-only";
// The signed PDF's last page(s), "Audit trail": what was signed (title, id, the original's SHA-256 "before" and the
// SHA-256 of the document with the fields burned in, before these pages were added, "after"), who signed it, when,
// from where and how, and the contract's events. The final file's own hash cannot be inside it; it is kept in
// contracts.signed_sha256 and checked on every download (verify-integrity.ts). The audit pages are appended as a PDF
// incremental update, so the signed file begins with the exact bytes "after" was taken of: anyone can cut the file
// at that length (printed on the page) and check the hash themselves.
import { PDFDocument, PDFStream, rgb, StandardFonts, type PDFFont, type PDFObject, type PDFPage, type PDFRef } from "pdf-lib";
import { safeText } from "./burn-in";

export type AuditSigner = {
  name: string;
  email: string | null;
  phone: string | null;
  viewedAt: Date | null;
  signedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
  signatureKind: "typed" | "drawn" | null;
  signatureText: string | null;
};
export type AuditEvent = { at: Date; kind: string; who: string | null; ip: string | null };
export type AuditInput = {
  title: string;
  contractId: string;
  kind: "contract" | "proposal";
  workspaceName: string;
  originalName: string;
  beforeSha256: string;
  afterSha256: string;
  completedAt: Date;
  signers: AuditSigner[];
  events: AuditEvent[];
};

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const GREY = rgb(0.35, 0.35, 0.35);

const iso = (d: Date | null) => (d ? d.toISOString() : "—");

/** `burned` with the audit trail appended as new pages, by an incremental update: the result starts with `burned`. */
export async function appendAuditPages(burned: Uint8Array, a: AuditInput): Promise<Uint8Array> {
  const doc = await PDFDocument.load(burned, { updateMetadata: false });
  const largestBefore = doc.context.largestObjectNumber;
  const serialised = new Map<string, string>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) if (!(obj instanceof PDFStream)) serialised.set(ref.tag, obj.toString());
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold), await doc.embedFont(StandardFonts.Courier));

  w.heading("Audit trail", 18);
  w.gap(6);
  w.pair("Document", a.title);
  w.pair("Document ID", a.contractId);
  w.pair("Type", a.kind === "proposal" ? "Proposal (accepted in the client portal)" : "Contract (signed in the client portal)");
  w.pair("Sent by", a.workspaceName);
  w.pair("Original file", a.originalName);
  w.pair("Completed (UTC)", iso(a.completedAt));
  w.gap(6);
  w.pair("SHA-256 before", a.beforeSha256, "mono");
  w.note("The original PDF as uploaded, before any field was filled in.");
  w.pair("SHA-256 after", a.afterSha256, "mono");
  w.note(`The document with every field burned in, before these audit pages were added: the first ${burned.byteLength.toLocaleString("en-US")} bytes of this file.`);

  w.gap(10);
  w.heading(a.kind === "proposal" ? "Accepted by" : "Signers", 13);
  a.signers.forEach((s, i) => {
    w.gap(4);
    w.line(`${i + 1}. ${s.name}`, "bold");
    if (s.email) w.pair("Email", s.email);
    if (s.phone) w.pair("Phone", s.phone);
    w.pair("Viewed (UTC)", iso(s.viewedAt));
    w.pair(a.kind === "proposal" ? "Accepted (UTC)" : "Signed (UTC)", iso(s.signedAt));
    w.pair("IP address", s.ip ?? "—");
    w.pair("User agent", s.userAgent ?? "—");
    w.pair("Signature", s.signatureKind === "drawn" ? "Drawn" : s.signatureKind === "typed" ? `Typed: ${s.signatureText ?? ""}` : "—");
  });

  w.gap(10);
  w.heading("Events", 13);
  for (const e of a.events) {
    w.line(`${iso(e.at)}  ${e.kind}${e.who ? ` by ${e.who}` : ""}${e.ip ? ` (IP ${e.ip})` : ""}`);
  }
  w.gap(10);
  w.note(`The SHA-256 of this complete file is recorded by ${a.workspaceName} when it is produced and checked each time it is downloaded; a file cannot contain its own hash.`);
  w.footers();
  await doc.flush();
  // What the update holds: every new object, and every old one the new pages changed (the page tree's Kids, Count).
  const changed = doc.context
    .enumerateIndirectObjects()
    .filter(([ref, obj]) => ref.objectNumber > largestBefore || (!(obj instanceof PDFStream) && serialised.get(ref.tag) !== obj.toString()))
    .sort(([x], [y]) => x.objectNumber - y.objectNumber);
  return incrementalUpdate(burned, changed, doc);
}

/** `base` followed by `objects`, a cross-reference section for them and a trailer pointing back at base's (/Prev). */
function incrementalUpdate(base: Uint8Array, objects: [PDFRef, PDFObject][], doc: PDFDocument): Uint8Array {
  const tail = new TextDecoder("latin1").decode(base.subarray(Math.max(0, base.length - 1024)));
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!prev) throw new Error("No startxref in the burned-in PDF");
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [base];
  let offset = base.length;
  const push = (b: Uint8Array) => {
    parts.push(b);
    offset += b.length;
  };
  if (base[base.length - 1] !== 0x0a) push(enc.encode("\n"));
  const entries: string[] = [];
  for (const [ref, obj] of objects) {
    entries.push(`${ref.objectNumber} 1\n${String(offset).padStart(10, "0")} ${String(ref.generationNumber).padStart(5, "0")} n \n`);
    push(enc.encode(`${ref.objectNumber} ${ref.generationNumber} obj\n`));
    const bytes = new Uint8Array(obj.sizeInBytes());
    obj.copyBytesInto(bytes, 0);
    push(bytes);
    push(enc.encode("\nendobj\n"));
  }
  const xrefAt = offset;
  const t = doc.context.trailerInfo;
  const trailer = [`/Size ${doc.context.largestObjectNumber + 1}`, `/Root ${t.Root}`, t.Info ? `/Info ${t.Info}` : "", t.ID ? `/ID ${t.ID}` : "", `/Prev ${prev[1]}`].filter(Boolean).join("\n");
  push(enc.encode(`xref\n${entries.join("")}trailer\n<<\n${trailer}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}

/** Lays out lines top to bottom, wrapping long values and starting a new page when one is full. */
class Writer {
  private page!: PDFPage;
  private y = 0;
  private readonly pages: PDFPage[] = [];

  constructor(private readonly doc: PDFDocument, private readonly font: PDFFont, private readonly bold: PDFFont, private readonly mono: PDFFont) {
    this.newPage();
  }

  private newPage() {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
  }

  private room(h: number) {
    if (this.y - h < MARGIN + 20) this.newPage();
  }

  gap(h: number) {
    this.y -= h;
  }

  heading(text: string, size: number) {
    this.room(size + 6);
    this.y -= size;
    this.page.drawText(safeText(this.bold, text), { x: MARGIN, y: this.y, size, font: this.bold });
    this.y -= 6;
  }

  line(text: string, style: "plain" | "bold" = "plain") {
    const font = style === "bold" ? this.bold : this.font;
    for (const part of wrap(safeText(font, text), font, 9, A4.width - 2 * MARGIN)) {
      this.room(12);
      this.y -= 12;
      this.page.drawText(part, { x: MARGIN, y: this.y, size: 9, font });
    }
  }

  note(text: string) {
    for (const part of wrap(safeText(this.font, text), this.font, 8, A4.width - 2 * MARGIN)) {
      this.room(11);
      this.y -= 11;
      this.page.drawText(part, { x: MARGIN, y: this.y, size: 8, font: this.font, color: GREY });
    }
  }

  /** A label and a value; the value wraps in its own column. */
  pair(label: string, value: string, style: "plain" | "mono" = "plain") {
    const labelW = 110;
    const font = style === "mono" ? this.mono : this.font;
    const size = style === "mono" ? 8.5 : 9;
    const lines = wrap(safeText(font, value), font, size, A4.width - 2 * MARGIN - labelW);
    lines.forEach((part, i) => {
      this.room(12);
      this.y -= 12;
      if (i === 0) this.page.drawText(safeText(this.bold, label), { x: MARGIN, y: this.y, size: 9, font: this.bold });
      this.page.drawText(part, { x: MARGIN + labelW, y: this.y, size, font });
    });
  }

  footers() {
    this.pages.forEach((p, i) => {
      p.drawText(`Audit trail, page ${i + 1} of ${this.pages.length}`, { x: MARGIN, y: MARGIN - 20, size: 8, font: this.font, color: GREY });
    });
  }
}

/** Greedy word wrap at `maxWidth`; a word longer than a line (a hash, a user agent) is broken by characters. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const out: string[] = [];
  let cur = "";
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= maxWidth;
  for (const word of text.split(" ")) {
    const next = cur ? `${cur} ${word}` : word;
    if (fits(next)) {
      cur = next;
      continue;
    }
    if (cur) out.push(cur);
    cur = "";
    let rest = word;
    while (!fits(rest)) {
      let n = rest.length - 1;
      while (n > 1 && !fits(rest.slice(0, n))) n--;
      out.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    cur = rest;
  }
  if (cur || out.length === 0) out.push(cur);
  return out;
}
