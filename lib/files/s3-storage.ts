import "server-only";
// An S3-compatible bucket (AWS S3, R2, MinIO, ...), for several app instances sharing files.
//
// Uploads: a browser's multipart body does not say how long each file is, and a single PutObject needs a
// Content-Length (the SDK cannot sign an unknown-length stream without @aws-sdk/lib-storage's multipart machinery,
// which buffers 5 MB parts in memory per upload). So a put first streams the file through the meter (limit, SHA-256,
// type) into a private temporary file, then sends that file with its exact length in one PutObject. Memory stays
// flat, nothing reaches the bucket unless the whole file passed the checks (no partial object to clean up), and the
// temporary file is removed either way. The per-file limit (20 MB by default) keeps one PutObject well within S3's
// 5 GB single-request maximum.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { AppError } from "@/lib/errors";
import type { S3Settings } from "./files-env";
import { newKey, validKey } from "./keys";
import { Meter, metered, type Body } from "./meter";
import { sniffType } from "./sniff";
import type { FileStorage, StoredObject } from "./storage";

export class S3Storage implements FileStorage {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
      // Checksums only where S3 requires them: the newer default (CRC32 trailers, aws-chunked bodies) is not
      // understood by many S3-compatible servers. Integrity is ours anyway: the SHA-256 is kept with the row.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async put(body: Body, opts: { maxBytes: number; prefix: string }): Promise<StoredObject> {
    const key = newKey(opts.prefix);
    const dir = await mkdtemp(path.join(os.tmpdir(), "upload-"));
    const tmp = path.join(dir, "body");
    const meter = new Meter(opts.maxBytes);
    try {
      await pipeline(Readable.from(metered(body, meter)), createWriteStream(tmp, { mode: 0o600 }));
      const contentType = (await sniffType(meter.head)) ?? "application/octet-stream";
      await this.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: key,
          Body: createReadStream(tmp),
          ContentLength: meter.size,
          ContentType: contentType,
        }),
      );
      return { key, size: meter.size, sha256: meter.sha256(), contentType };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async get(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | null> {
    if (!validKey(key)) return null;
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      if (!out.Body) return null;
      return { body: out.Body.transformToWebStream() as ReadableStream<Uint8Array>, size: Number(out.ContentLength ?? 0) };
    } catch (e) {
      if (e instanceof S3ServiceException && (e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404)) return null;
      throw unavailable(e);
    }
  }

  async delete(key: string): Promise<void> {
    if (!validKey(key)) return;
    await this.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  private async send(cmd: PutObjectCommand | DeleteObjectCommand) {
    try {
      await this.client.send(cmd as PutObjectCommand);
    } catch (e) {
      throw unavailable(e);
    }
  }
}

/** A bucket that refuses or cannot be reached is STORAGE_UNAVAILABLE to the client; the cause goes to the log. */
function unavailable(e: unknown): AppError {
  console.error("File storage (S3) error:", e);
  return new AppError("STORAGE_UNAVAILABLE");
}
