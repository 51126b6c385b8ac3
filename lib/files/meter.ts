import "server-only";
// Counts, hashes and caps a byte stream as it passes, keeping only its first bytes for type sniffing: the limit is
// enforced while streaming, so a huge upload is refused after maxBytes + 1 bytes, never read whole into memory.
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { SNIFF_BYTES } from "./sniff";

export type Body = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export class Meter {
  size = 0;
  private hash = createHash("sha256");
  private headParts: Uint8Array[] = [];
  private headSize = 0;

  constructor(private readonly maxBytes: number) {}

  /** Counts a chunk; throws FILE_TOO_LARGE once the total passes maxBytes. */
  add(chunk: Uint8Array) {
    this.size += chunk.byteLength;
    if (this.size > this.maxBytes) throw new AppError("FILE_TOO_LARGE");
    this.hash.update(chunk);
    if (this.headSize < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.headSize);
      this.headParts.push(Uint8Array.from(part));
      this.headSize += part.byteLength;
    }
  }

  get head(): Uint8Array {
    return Buffer.concat(this.headParts);
  }

  sha256(): string {
    return this.hash.digest("hex");
  }
}

/** Both body shapes as one async iterable of Uint8Array chunks (Node streams yield Buffers, which are Uint8Arrays). */
export function chunksOf(body: Body): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in body) return body as AsyncIterable<Uint8Array>;
  const stream = body as ReadableStream<Uint8Array>;
  return {
    async *[Symbol.asyncIterator]() {
      const reader = stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          if (value) yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}

/** Passes `body` through `meter`. */
export async function* metered(body: Body, meter: Meter): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunksOf(body)) {
    meter.add(chunk);
    yield chunk;
  }
}
