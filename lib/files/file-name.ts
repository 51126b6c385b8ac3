// Display names of uploads. A name is only ever shown or offered as a download name: storage keys are generated,
// so nothing here touches a path. Still, a name must not carry path parts, control or bidirectional-override
// characters (which disguise "exe.pdf" as "fdp.exe"), or unbounded length.
import { ALLOWED_UPLOAD_TYPES } from "./upload-types";

const MAX_NAME = 200;

/** The cleaned display name of an upload; "document" when nothing usable is left. */
export function cleanFileName(raw: string | null | undefined): string {
  let s = (raw ?? "").normalize("NFC");
  s = s.split(/[\\/]/).pop() ?? "";
  // C0/C1 controls, DEL, bidi embeddings/overrides/isolates, zero-width and BOM characters.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  s = s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "");
  s = s.replace(/\s+/g, " ").trim().replace(/^\.+/, "").trim();
  if (!s) return "document";
  if ([...s].length <= MAX_NAME) return s;
  // Too long: keep the extension, cut the stem (by code points, so no half surrogate pair).
  const dot = s.lastIndexOf(".");
  const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : "";
  return [...s.slice(0, s.length - ext.length)].slice(0, MAX_NAME - ext.length).join("").trimEnd() + ext;
}

/**
 * The name a download is saved under: the display name, with the extension of the type the bytes really are added
 * when the name's own extension differs (so "notes.html" holding a PDF is saved as "notes.html.pdf" and opens as one).
 */
export function downloadName(name: string, contentType: string): string {
  const ext = ALLOWED_UPLOAD_TYPES[contentType];
  if (!ext) return name;
  const own = name.toLowerCase().split(".").pop();
  const same = own === ext || (ext === "jpg" && own === "jpeg") || (ext === "heif" && own === "heic") || (ext === "heic" && own === "heif");
  return same ? name : `${name}.${ext}`;
}

/** RFC 6266/5987 Content-Disposition: an ASCII fallback for old clients and the exact UTF-8 name in filename*. */
export function contentDisposition(kind: "attachment" | "inline", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\%;]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
