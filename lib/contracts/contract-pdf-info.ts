import "server-only";
// What the field editor and the checks need to know about an uploaded PDF: each page's size in points as a viewer
// shows it (rotation applied), read with pdf-lib. A PDF pdf-lib cannot open (encrypted, damaged, no pages) cannot be
// signed either, since the signer's side burns the fields in with pdf-lib.
import { PDFDocument } from "pdf-lib";
import type { ContractPage } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getStorage } from "@/lib/files/storage";

/** A contract may have this many pages at most: the editor renders every page in the browser. */
export const MAX_CONTRACT_PAGES = 200;

/** The pages of a PDF, or CONTRACT_PDF_UNREADABLE. */
export async function readPdfPages(bytes: Uint8Array): Promise<ContractPage[]> {
  let doc: PDFDocument;
  try {
    // Encrypted PDFs throw here (pdf-lib could not write the signed copy of one); so do broken ones.
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch {
    throw new AppError("CONTRACT_PDF_UNREADABLE");
  }
  let pages: ContractPage[];
  try {
    pages = doc.getPages().map((p) => {
      const { width, height } = p.getSize();
      const turned = Math.abs(p.getRotation().angle) % 180 === 90;
      return { width: round(turned ? height : width), height: round(turned ? width : height) };
    });
  } catch {
    throw new AppError("CONTRACT_PDF_UNREADABLE");
  }
  const sane = (n: number) => Number.isFinite(n) && n >= 1 && n <= 14_400; // PDF's own user-space limit
  if (pages.length === 0 || pages.length > MAX_CONTRACT_PAGES || !pages.every((p) => sane(p.width) && sane(p.height))) {
    throw new AppError("CONTRACT_PDF_UNREADABLE");
  }
  return pages;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A stored object's bytes, whole (contracts are PDFs under the upload limit), or null when it is gone. */
export async function readStoredBytes(key: string): Promise<Uint8Array | null> {
  const obj = await getStorage().get(key);
  if (!obj) return null;
  const parts: Uint8Array[] = [];
  const reader = obj.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return Buffer.concat(parts);
}
