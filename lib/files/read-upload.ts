import "server-only";
// Reads a multipart/form-data upload with busboy, streaming: the one `file` part goes to `handle` as it arrives
// (never collected in memory), the small text fields are kept. The whole body is capped too, so a request without
// a Content-Length cannot make us read forever. When `handle` refuses a file early (wrong type), the rest of the
// body is read and discarded (bounded by that cap) so the browser receives the answer instead of a reset connection.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { AppError, isAppError } from "@/lib/errors";

/** Room for the multipart framing and the small fields around one file. */
const OVERHEAD = 64 * 1024;

export type UploadOutcome<T> = { fields: Record<string, string>; result?: T; error?: unknown };

export async function readUpload<T>(
  request: Request,
  opts: { maxBytes: number; handle: (file: AsyncIterable<Uint8Array>, filename: string) => Promise<T> },
): Promise<UploadOutcome<T>> {
  const fields: Record<string, string> = {};
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType) || !request.body) return { fields, error: new AppError("REQUEST_MALFORMED") };
  if (Number(request.headers.get("content-length") ?? 0) > opts.maxBytes + OVERHEAD) return { fields, error: new AppError("FILE_TOO_LARGE") };

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { "content-type": contentType },
      // Browsers send file names as raw UTF-8 (busboy's default reads them as Latin-1).
      defParamCharset: "utf8",
      // fileSize maxBytes + 1: busboy cuts the file there, and the storage meter sees one byte too many and refuses.
      limits: { files: 1, fields: 10, fieldSize: 2048, parts: 12, headerPairs: 20, fileSize: opts.maxBytes + 1 },
    });
  } catch {
    return { fields, error: new AppError("REQUEST_MALFORMED") };
  }

  let handled: Promise<T> | undefined;
  bb.on("field", (name, value) => {
    if (!Object.hasOwn(fields, name)) fields[name] = value;
  });
  bb.on("file", (name, file, info) => {
    if (name !== "file" || handled) return void file.resume();
    // destroyOnReturn false: when the handler stops early, the stream is drained instead of destroyed, so busboy
    // (and the request) can finish.
    const chunks = file.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
    handled = opts.handle(chunks, browserFileName(info.filename ?? "")).finally(() => file.resume());
    handled.catch(() => {}); // settled below
  });

  let inputError: unknown;
  try {
    await pipeline(Readable.from(capped(request.body, opts.maxBytes + OVERHEAD)), bb);
  } catch (e) {
    inputError = e;
  }
  if (handled) {
    try {
      return { fields, result: await handled };
    } catch (e) {
      // The handler's own refusal (type, size) says most. Otherwise, when the body broke (cut short, malformed), that
      // is why the handler saw a cut stream: the client's request, not our failure.
      if (isAppError(e) || inputError === undefined) return { fields, error: e };
      return { fields, error: isAppError(inputError) ? inputError : new AppError("REQUEST_MALFORMED") };
    }
  }
  if (inputError) return { fields, error: isAppError(inputError) ? inputError : new AppError("REQUEST_MALFORMED") };
  // A form sent without choosing a file.
  return { fields, error: new AppError("FILE_EMPTY") };
}

/** Browsers escape `"`, CR and LF in a multipart file name as %22, %0D and %0A (HTML's form encoding); undo that. */
function browserFileName(name: string): string {
  return name.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
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

/** The first `n` bytes of a chunk stream (fewer when it ends sooner) and the stream of everything, head included. */
export async function peek(chunks: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; all: AsyncIterable<Uint8Array> }> {
  const it = chunks[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  while (size < n) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      break;
    }
    taken.push(r.value);
    size += r.value.byteLength;
  }
  const head = Buffer.concat(taken).subarray(0, n);
  async function* all() {
    yield* taken;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, all: all() };
}
