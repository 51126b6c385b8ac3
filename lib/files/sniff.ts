import "server-only";
// The type of a file, from its bytes only (never its name or the browser's claim), and whether clients may upload it.
import { fileTypeFromBuffer } from "file-type/core";
import { ALLOWED_UPLOAD_TYPES } from "./upload-types";

/**
 * How many leading bytes are inspected. Most formats need a few bytes; DOCX/XLSX are ZIPs whose
 * [Content_Types].xml entry (first in files Word and Excel write) decides, so a generous head is kept.
 */
export const SNIFF_BYTES = 64 * 1024;

/** The MIME type file-type reads from a file's first bytes, or null when it recognises nothing. */
export async function sniffType(head: Uint8Array): Promise<string | null> {
  if (head.length === 0) return null;
  try {
    return (await fileTypeFromBuffer(head))?.mime ?? null;
  } catch {
    return null; // a malformed container is simply "not recognised"
  }
}

/**
 * Allowlist, not blocklist: PDF, JPEG, PNG, WebP, GIF, HEIC/HEIF, DOCX, XLSX. Everything else is refused, including
 * what file-type cannot tell apart: a legacy .doc/.xls is an OLE compound file exactly like an .msi installer, and
 * plain text or CSV has no signature at all (a script looks the same), so neither can be vouched for.
 */
export function uploadAllowed(mime: string | null): mime is string {
  return mime !== null && Object.hasOwn(ALLOWED_UPLOAD_TYPES, mime);
}

/** Whether a browser may show this type inline (admin preview): PDFs and images only. */
export function inlineViewable(mime: string): boolean {
  return mime === "application/pdf" || (mime.startsWith("image/") && Object.hasOwn(ALLOWED_UPLOAD_TYPES, mime));
}
