import "server-only";
// A stored document as an HTTP download: streamed from storage (never read whole), saved under a safe name, typed as
// its bytes are (sniffed at upload), never sniffed by the browser, never cached by anything in between.
import { contentDisposition, downloadName } from "./file-name";
import { inlineViewable } from "./sniff";
import { getStorage } from "./storage";

export type DownloadableDocument = { name: string; contentType: string; storageKey: string };

/** The response for a document, or null when its object is gone from storage. `inline` only for PDFs and images. */
export async function documentResponse(doc: DownloadableDocument, opts: { inline?: boolean } = {}): Promise<Response | null> {
  const obj = await getStorage().get(doc.storageKey);
  if (!obj) return null;
  const inline = !!opts.inline && inlineViewable(doc.contentType);
  return new Response(obj.body, {
    headers: {
      "content-type": doc.contentType,
      "content-length": String(obj.size),
      "content-disposition": contentDisposition(inline ? "inline" : "attachment", downloadName(doc.name, doc.contentType)),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      // Belt and braces for attachments: should a browser ever render one, it may run nothing. (Not for inline
      // views: a sandbox CSP stops Chromium's PDF viewer.)
      ...(inline ? {} : { "content-security-policy": "default-src 'none'; sandbox" }),
    },
  });
}
