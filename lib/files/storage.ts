import "server-only";
// CONTRACT (issue 11): one storage interface (DESIGN §12). The files helper implements it: local disk under the data
// directory by default, an S3-compatible bucket when S3_* variables are set. Keys are generated, never a file name.

export type StoredObject = { key: string; size: number; sha256: string; contentType: string };

export interface FileStorage {
  /** Streams `body` to a new object under a generated key; refuses (FILE_TOO_LARGE) past maxBytes while streaming. */
  put(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, opts: { maxBytes: number; prefix: string }): Promise<StoredObject>;
  /** A stream of the object's bytes, or null when it does not exist. */
  get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null>;
  delete(key: string): Promise<void>;
}

export declare function getStorage(): FileStorage;
