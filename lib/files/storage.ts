import "server-only";
// One storage interface (DESIGN §12): local disk under the data directory by default, an S3-compatible bucket when
// S3_BUCKET is set. Keys are generated (`<prefix>/<uuid>`), never a file name.
import { DiskStorage } from "./disk-storage";
import { filesEnv } from "./files-env";
import { S3Storage } from "./s3-storage";

export type StoredObject = { key: string; size: number; sha256: string; contentType: string };

export interface FileStorage {
  /**
   * Streams `body` to a new object under a generated key; refuses (FILE_TOO_LARGE) past maxBytes while streaming and
   * leaves no object behind then. contentType is what the bytes are (file-type), application/octet-stream if unknown.
   */
  put(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, opts: { maxBytes: number; prefix: string }): Promise<StoredObject>;
  /** A stream of the object's bytes, or null when it does not exist. */
  get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null>;
  delete(key: string): Promise<void>;
}

const g = globalThis as unknown as { __fileStorage?: { config: string; storage: FileStorage } };

/** The storage the environment configures; one instance (and one S3 client) per configuration. */
export function getStorage(): FileStorage {
  const s3 = filesEnv.s3;
  const config = s3 ? `s3:${JSON.stringify(s3)}` : `disk:${filesEnv.filesDir}`;
  if (g.__fileStorage?.config !== config) {
    g.__fileStorage = { config, storage: s3 ? new S3Storage(s3) : new DiskStorage(filesEnv.filesDir) };
  }
  return g.__fileStorage.storage;
}
