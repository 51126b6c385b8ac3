import "server-only";
// Reads a message form: multipart (text and up to 5 files, each streamed to storage as it arrives, its type checked
// from its bytes first) or, from a form without files, urlencoded. A refusal anywhere (a 6th file, an executable, an
// oversized file, a cut-short body) deletes what was already stored, so a refused message leaves nothing behind.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { AppError, isAppError } from "@/lib/errors";
import { cleanFileName } from "@/lib/files/file-name";
import { storeUpload } from "@/lib/files/upload-request-file";
import { MAX_MESSAGE_FILES } from "./message-input";
import { deleteStored, type StoredAttachment } from "./post-message";

/** Room for the text (10,000 characters of up to 4 bytes) and the multipart framing. */
const OVERHEAD = 128 * 1024;

export type MessageForm = { fields: Record<string, string>; attachments: StoredAttachment[]; error?: unknown };

export async function readMessageForm(request: Request, opts: { maxBytes: number; prefix: string }): Promise<MessageForm> {
  const fields: Record<string, string> = {};
  const contentType = request.headers.get("content-type") ?? "";
  if (!request.body) return { fields, attachments: [], error: new AppError("REQUEST_MALFORMED") };
  const cap = MAX_MESSAGE_FILES * (opts.maxBytes + 1) + OVERHEAD;
  if (Number(request.headers.get("content-length") ?? 0) > cap) return { fields, attachments: [], error: new AppError("REQUEST_TOO_LARGE") };

  if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
    try {
      const text = await readText(request.body, OVERHEAD);
      for (const [k, v] of new URLSearchParams(text)) if (!Object.hasOwn(fields, k)) fields[k] = v;
      return { fields, attachments: [] };
    } catch (e) {
      return { fields, attachments: [], error: isAppError(e) ? e : new AppError("REQUEST_MALFORMED") };
    }
  }
  if (!/^multipart\/form-data/i.test(contentType)) return { fields, attachments: [], error: new AppError("REQUEST_MALFORMED") };

  let bb: busboy.Busboy;
  try {
    bb = busboy({
      headers: { "content-type": contentType },
      defParamCharset: "utf8",
      limits: { files: MAX_MESSAGE_FILES + 1, fields: 10, fieldSize: 64 * 1024, parts: 24, headerPairs: 20, fileSize: opts.maxBytes + 1 },
    });
  } catch {
    return { fields, attachments: [], error: new AppError("REQUEST_MALFORMED") };
  }

  const attachments: StoredAttachment[] = [];
  let error: unknown;
  let files = 0;
  let chain: Promise<void> = Promise.resolve();
  bb.on("field", (name, value, info) => {
    if (info.valueTruncated && name === "body") error ??= new AppError("MESSAGE_TOO_LONG", "body");
    if (!Object.hasOwn(fields, name)) fields[name] = value;
  });
  bb.on("file", (name, file, info) => {
    // A file input left empty still sends a part with no name and no bytes: not an attachment.
    if (name !== "files" || !info.filename) return void file.resume();
    files += 1;
    if (files > MAX_MESSAGE_FILES) {
      error ??= new AppError("MESSAGE_TOO_MANY_FILES", "files");
      return void file.resume();
    }
    const filename = info.filename.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    const chunks = file.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>;
    // One file at a time, in order: busboy holds the next part back until this one is read.
    chain = chain.then(async () => {
      if (error !== undefined) return void file.resume();
      try {
        const stored = await storeUpload(chunks, { maxBytes: opts.maxBytes, prefix: opts.prefix });
        attachments.push({ stored, name: cleanFileName(filename) });
      } catch (e) {
        error ??= e;
      } finally {
        file.resume();
      }
    });
  });

  let inputError: unknown;
  try {
    await pipeline(Readable.from(capped(request.body, cap)), bb);
  } catch (e) {
    inputError = e;
  }
  await chain;
  error ??= inputError === undefined ? undefined : isAppError(inputError) ? inputError : new AppError("REQUEST_MALFORMED");
  if (error !== undefined) {
    await deleteStored(attachments.map((a) => a.stored));
    return { fields, attachments: [], error };
  }
  return { fields, attachments };
}

async function* capped(body: ReadableStream<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > max) throw new AppError("REQUEST_TOO_LARGE");
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function readText(body: ReadableStream<Uint8Array>, max: number): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of capped(body, max)) parts.push(chunk);
  return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(parts));
}
