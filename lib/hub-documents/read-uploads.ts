import "server-only";
// Reads a multipart/form-data body holding several `file` parts (the admin's "upload several files" form, which must
// work before JavaScript loads), streaming: each file goes to `handle` as it arrives, one after another, never
// collected in memory. Text fields must come before the files (browsers send parts in the form's order, and our forms
// put the fields first), so `handle` can read them. One refused file does not stop the others.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { AppError, isAppError } from "@/lib/errors";

const OVERHEAD = 64 * 1024;
/** Files one request may carry. */
export const MAX_FILES_PER_UPLOAD = 20;

export type FileOutcome<T> = { filename: string; result?: T; error?: unknown };

export async function readUploads<T>(
  request: Request,
  opts: { maxBytes: number; handle: (file: AsyncIterable<Uint8Array>, filename: string, fields: Record<string, string>) => Promise<T> },
): Promise<{ fields: Record<string, string>; files: FileOutcome<T>[]; error?: unknown }> {
  const fields: Record<string, string> = {};
  const files: FileOutcome<T>[] = [];
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType) || !request.body) return { fields, files, error: new AppError("REQUEST_MALFORMED") };
  const cap = MAX_FILES_PER_UPLOAD * (opts.maxBytes + OVERHEAD);
  if (Number(request.headers.get("content-length") ?? 0) > cap) return { fields, files, error: new AppError("FILE_TOO_LARGE") };

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: { files: MAX_FILES_PER_UPLOAD, fields: 20, fieldSize: 4096, parts: MAX_FILES_PER_UPLOAD + 20, headerPairs: 20, fileSize: opts.maxBytes + 1 },
    });
  } catch {
    return { fields, files, error: new AppError("REQUEST_MALFORMED") };
  }
  let chain: Promise<void> = Promise.resolve();
  bb.on("field", (name, value) => {
    if (!Object.hasOwn(fields, name)) fields[name] = value;
  });
  bb.on("file", (name, file, info) => {
    const filename = (info.filename ?? "").replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    // A file input left empty still sends a part with no name and no bytes: skip it.
    if (name !== "file" || !filename) return void file.resume();
    const chunks = file.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
    const outcome: FileOutcome<T> = { filename };
    files.push(outcome);
    chain = chain.then(() =>
      opts
        .handle(chunks, filename, { ...fields })
        .then((r) => void (outcome.result = r))
        .catch((e) => void (outcome.error = e))
        .finally(() => file.resume()),
    );
  });
  // Busboy skips the parts past the limit without a word: say so, or "Uploaded 20 files" hides the ones left out.
  bb.on("filesLimit", () => void files.push({ filename: "", error: new AppError("HUB_TOO_MANY_FILES") }));
  let inputError: unknown;
  try {
    await pipeline(Readable.from(capped(request.body, cap)), bb);
  } catch (e) {
    inputError = e;
  }
  await chain;
  if (inputError !== undefined) {
    const error = isAppError(inputError) ? inputError : new AppError("REQUEST_MALFORMED");
    for (const f of files) if (f.result === undefined && !isAppError(f.error)) f.error = error;
    return { fields, files, error };
  }
  if (files.length === 0) return { fields, files, error: new AppError("FILE_EMPTY") };
  return { fields, files };
}

async function* capped(body: ReadableStream<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > max) throw new AppError("FILE_TOO_LARGE");
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
