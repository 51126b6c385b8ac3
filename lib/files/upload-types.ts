// What clients may upload (shared by the server's check and the browser's quick pre-check; no server-only imports).
// The server decides from the file's bytes; the browser's check only gives a faster message.

/** Allowed types as file-type reports them from the bytes, with the extension a download is given. */
export const ALLOWED_UPLOAD_TYPES: Record<string, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/heic": "heic",
  "image/heif": "heif",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};

/** The file picker's `accept`: extensions and types, so phones offer photos and documents. */
export const UPLOAD_ACCEPT = [
  ...Object.keys(ALLOWED_UPLOAD_TYPES),
  ".pdf", ".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif", ".docx", ".xlsx",
].join(",");

/** The limits as the client reads them next to the upload box. */
export function uploadLimitsText(maxBytes: number): string {
  return `PDF, JPG, PNG, HEIC, Word, Excel · up to ${formatBytes(maxBytes)}`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) {
    const mb = n / (1024 * 1024);
    return `${Number.isInteger(mb) ? mb : mb.toFixed(1)}\u00a0MB`;
  }
  // A no-break space keeps a number and its unit on one line.
  if (n >= 1024) return `${Math.round(n / 1024)}\u00a0KB`;
  return `${n}\u00a0bytes`;
}

const EXTENSIONS = new Set(["pdf", "jpg", "jpeg", "png", "webp", "gif", "heic", "heif", "docx", "xlsx"]);

/** The browser's pre-check: by extension (browsers often give no type for HEIC). Null when it looks acceptable. */
export function precheckUpload(file: { name: string; size: number }, maxBytes: number): "FILE_EMPTY" | "FILE_TOO_LARGE" | "FILE_TYPE_NOT_ALLOWED" | null {
  if (file.size === 0) return "FILE_EMPTY";
  if (file.size > maxBytes) return "FILE_TOO_LARGE";
  const ext = file.name.toLowerCase().split(".").pop() ?? "";
  return EXTENSIONS.has(ext) ? null : "FILE_TYPE_NOT_ALLOWED";
}
