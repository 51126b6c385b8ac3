import "server-only";
// Local disk storage (one app instance): objects are files under the data directory at their generated key. A put
// streams into a temporary file in the same directory tree and is renamed into place only when complete, so a
// refused or broken upload never leaves a partial object.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomUUID } from "node:crypto";
import { newKey, validKey } from "./keys";
import { Meter, metered, type Body } from "./meter";
import { sniffType } from "./sniff";
import type { FileStorage, StoredObject } from "./storage";

export class DiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    if (!validKey(key)) throw new Error("Invalid storage key");
    return path.join(this.root, ...key.split("/"));
  }

  async put(body: Body, opts: { maxBytes: number; prefix: string }): Promise<StoredObject> {
    const key = newKey(opts.prefix);
    const tmpDir = path.join(this.root, ".tmp");
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    const meter = new Meter(opts.maxBytes);
    try {
      await pipeline(Readable.from(metered(body, meter)), createWriteStream(tmp, { flags: "wx", mode: 0o600 }));
      const final = this.pathOf(key);
      await mkdir(path.dirname(final), { recursive: true });
      await rename(tmp, final);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    return { key, size: meter.size, sha256: meter.sha256(), contentType: (await sniffType(meter.head)) ?? "application/octet-stream" };
  }

  async get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null> {
    if (!validKey(key)) return null;
    const file = this.pathOf(key);
    let size: number;
    try {
      const s = await stat(file);
      if (!s.isFile()) return null;
      size = s.size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    return { body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, size };
  }

  async delete(key: string): Promise<void> {
    if (!validKey(key)) return;
    await rm(this.pathOf(key), { force: true });
  }
}
