import "server-only";
// File storage settings, read when used (so tests and deploys can set them per process). The README's
// configuration table lists them: FILES_DIR, MAX_UPLOAD_MB, S3_BUCKET, S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID,
// S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE.
import path from "node:path";
import { env } from "@/lib/env";

export type S3Settings = {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
};

export const filesEnv = {
  /** Local storage: FILES_DIR, else `files` beside the PGlite directory (the data directory), else .data/files. */
  get filesDir(): string {
    if (process.env.FILES_DIR) return path.resolve(process.env.FILES_DIR);
    return path.resolve(path.dirname(env.pgliteDir), "files");
  },
  /** An S3-compatible bucket when S3_BUCKET is set (needed once several app instances run), else null: local disk. */
  get s3(): S3Settings | null {
    const bucket = process.env.S3_BUCKET?.trim();
    if (!bucket) return null;
    return {
      bucket,
      endpoint: process.env.S3_ENDPOINT?.trim() || undefined,
      region: process.env.S3_REGION?.trim() || "us-east-1",
      accessKeyId: process.env.S3_ACCESS_KEY_ID || undefined,
      secretAccessKey: process.env.S3_SECRET_ACCESS_KEY || undefined,
      forcePathStyle: /^(1|true|yes)$/i.test(process.env.S3_FORCE_PATH_STYLE ?? ""),
    };
  },
};

/** The per-file upload limit in bytes: MAX_UPLOAD_MB (default 20, whole or decimal megabytes, 1 MB = 1024² bytes). */
export function maxUploadBytes(): number {
  const mb = Number(process.env.MAX_UPLOAD_MB ?? "");
  return Math.floor((Number.isFinite(mb) && mb > 0 ? mb : 20) * 1024 * 1024);
}
