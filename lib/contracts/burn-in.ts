import "server-only";
// Every filled field drawn into the PDF at its box: boxes are fractions of the page as the signer saw it (origin top
// left, the page's /Rotate applied), so each box is mapped back to the page's own coordinates and drawn rotated with
// the page, upright for the reader. Standard fonts only: characters they cannot encode are drawn as "?" (the exact
// text is in the database and on the audit page's record of the signer).
import { degrees, PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import type { ContractFieldKind } from "@/lib/db/schema";

export type BurnField = { kind: ContractFieldKind; page: number; x: number; y: number; width: number; height: number; value: string | null; signerId: string };
export type BurnSigner = { id: string; signatureKind: "typed" | "drawn" | null; signatureText: string | null; signatureImage: string | null };

const INK = rgb(0.05, 0.1, 0.35);

/** The document with every filled field drawn in; pdf-lib's bytes, ready to hash ("after"). */
export async function burnInFields(original: Uint8Array, fields: BurnField[], signers: BurnSigner[]): Promise<Uint8Array> {
  const doc = await PDFDocument.load(original, { updateMetadata: false });
  const pages = doc.getPages();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const italic = await doc.embedFont(StandardFonts.TimesRomanItalic);
  const bySigner = new Map(signers.map((s) => [s.id, s]));
  const images = new Map<string, Awaited<ReturnType<PDFDocument["embedPng"]>>>();

  for (const f of fields) {
    const page = pages[f.page];
    if (!page || f.value == null) continue;
    const box = new PageBox(page, f);
    const signer = bySigner.get(f.signerId);
    if (f.kind === "signature" && signer?.signatureKind === "drawn" && signer.signatureImage) {
      let img = images.get(signer.id);
      if (!img) {
        img = await doc.embedPng(Buffer.from(signer.signatureImage, "base64"));
        images.set(signer.id, img);
      }
      // Scaled to fit the box, aspect kept, centred.
      const scale = Math.min(box.w / img.width, box.h / img.height);
      const w = img.width * scale;
      const h = img.height * scale;
      const at = box.point((box.w - w) / 2, (box.h - h) / 2);
      page.drawImage(img, { x: at.x, y: at.y, width: w, height: h, rotate: degrees(box.rotation) });
      continue;
    }
    const text = f.kind === "signature" ? (signer?.signatureText ?? f.value) : f.value;
    const font = f.kind === "signature" ? italic : regular;
    drawFitted(page, box, safeText(font, text), font, f.kind === "signature" ? 0.8 : 0.6);
  }
  return doc.save({ useObjectStreams: false });
}

/** One line of text as large as the box allows (at most `heightShare` of its height), left-aligned, centred vertically. */
function drawFitted(page: PDFPage, box: PageBox, text: string, font: PDFFont, heightShare: number) {
  const pad = Math.min(4, box.w * 0.05);
  let size = Math.max(4, box.h * heightShare);
  const width = font.widthOfTextAtSize(text, size);
  if (width > box.w - 2 * pad) size = Math.max(4, (size * (box.w - 2 * pad)) / width);
  const ascent = font.heightAtSize(size, { descender: false });
  const baseline = (box.h - ascent) / 2 + size * 0.05;
  const at = box.point(pad, Math.max(1, baseline));
  page.drawText(text, { x: at.x, y: at.y, size, font, color: INK, rotate: degrees(box.rotation) });
}

/** Characters the font cannot encode become "?" (pdf-lib would throw). */
export function safeText(font: PDFFont, text: string): string {
  const supported = new Set(font.getCharacterSet());
  return Array.from(text.replace(/\s+/g, " ")).map((ch) => (supported.has(ch.codePointAt(0)!) ? ch : "?")).join("");
}

/**
 * A field's box in the page's own coordinates. `point(dx, dy)` maps an offset from the box's bottom-left corner, as
 * the reader sees the page, to the unrotated page space pdf-lib draws in.
 */
class PageBox {
  readonly rotation: number;
  readonly w: number;
  readonly h: number;
  private readonly left: number;
  private readonly bottom: number;
  private readonly crop: { x: number; y: number; width: number; height: number };

  constructor(page: PDFPage, f: { x: number; y: number; width: number; height: number }) {
    this.rotation = (((page.getRotation().angle % 360) + 360) % 360);
    this.crop = page.getCropBox();
    const quarter = this.rotation === 90 || this.rotation === 270;
    const viewW = quarter ? this.crop.height : this.crop.width;
    const viewH = quarter ? this.crop.width : this.crop.height;
    this.w = f.width * viewW;
    this.h = f.height * viewH;
    this.left = f.x * viewW;
    this.bottom = (f.y + f.height) * viewH; // distance from the top of the viewed page
  }

  point(dx: number, dy: number): { x: number; y: number } {
    const vx = this.left + dx; // from the viewed page's left edge
    const vy = this.bottom - dy; // from the viewed page's top edge
    const { x, y, width: W, height: H } = this.crop;
    switch (this.rotation) {
      case 90: return { x: x + vy, y: y + vx };
      case 180: return { x: x + W - vx, y: y + vy };
      case 270: return { x: x + W - vy, y: y + H - vx };
      default: return { x: x + vx, y: y + H - vy };
    }
  }
}
