// The rules for what a message may hold, shared by the server and the reply box's quick pre-check (no server imports).

export const MAX_MESSAGE_CHARS = 10_000;
export const MAX_MESSAGE_FILES = 5;
/** How much of a message the inbox and lists show. */
export const PREVIEW_CHARS = 140;

/** A message's text as stored: line endings made LF, blank edges removed. */
export function normaliseBody(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").trim();
}

/** The short preview a list shows: one line, cut at PREVIEW_CHARS (by code points). */
export function previewOf(body: string, fileNames: string[]): string {
  const text = body.replace(/\s+/g, " ").trim();
  if (text) {
    const chars = [...text];
    return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS - 1).join("")}…` : text;
  }
  if (fileNames.length === 1) return `Sent a file: ${fileNames[0]}`.slice(0, PREVIEW_CHARS);
  return `Sent ${fileNames.length} files`;
}
