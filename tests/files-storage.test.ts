import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DiskStorage } from "@/lib/files/disk-storage";
import { cleanFileName, contentDisposition, downloadName } from "@/lib/files/file-name";
import { filesEnv, maxUploadBytes } from "@/lib/files/files-env";
import { S3Storage } from "@/lib/files/s3-storage";
import { getStorage, type FileStorage } from "@/lib/files/storage";
import { startS3Server, type S3Server } from "./helpers/s3-server";

const MB = 1024 * 1024;
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** `total` bytes in chunks of `chunk`, counting how many chunks the consumer pulled. */
function source(total: number, chunk = MB) {
  const stats = { pulled: 0 };
  async function* gen() {
    for (let sent = 0; sent < total; sent += chunk) {
      stats.pulled++;
      const n = Math.min(chunk, total - sent);
      const b = new Uint8Array(n);
      b.fill(sent / chunk + 1);
      yield b;
    }
  }
  return { stats, body: gen() };
}

async function readAll(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of s as unknown as AsyncIterable<Uint8Array>) parts.push(c);
  return Buffer.concat(parts);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  return out;
}

let diskRoot: string;
let s3: S3Server;
let s3Client: S3Client;
beforeAll(async () => {
  diskRoot = await mkdtemp(path.join(os.tmpdir(), "files-"));
  s3 = await startS3Server();
  s3Client = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
});
afterAll(async () => {
  s3Client?.destroy();
  await s3?.close();
  await rm(diskRoot, { recursive: true, force: true });
});

const kinds: { name: string; make: () => FileStorage; objects: () => Promise<string[]> }[] = [
  { name: "disk", make: () => new DiskStorage(diskRoot), objects: () => filesUnder(diskRoot) },
  {
    name: "s3",
    make: () => new S3Storage({ bucket: s3.bucket, endpoint: s3.endpoint, region: "us-east-1", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", forcePathStyle: true }),
    objects: async () => ((await s3Client.send(new ListObjectsV2Command({ Bucket: s3.bucket }))).Contents ?? []).map((o) => o.Key!),
  },
];

describe.each(kinds)("$name storage", ({ make, objects }) => {
  test("put streams to a generated key; get gives the same bytes; delete removes it", async () => {
    const storage = make();
    const before = await objects();
    const obj = await storage.put(new Blob([PDF]).stream(), { maxBytes: MB, prefix: "ws/abc/requests/def" });
    expect(obj.key).toMatch(/^ws\/abc\/requests\/def\/[0-9a-f-]{36}$/);
    expect(obj.size).toBe(PDF.byteLength);
    expect(obj.sha256).toBe(createHash("sha256").update(PDF).digest("hex"));
    expect(obj.contentType).toBe("application/pdf");
    expect((await objects()).length).toBe(before.length + 1);

    const got = await storage.get(obj.key);
    expect(got?.size).toBe(PDF.byteLength);
    expect(Buffer.from(await readAll(got!.body)).equals(Buffer.from(PDF))).toBe(true);

    await storage.delete(obj.key);
    expect(await storage.get(obj.key)).toBeNull();
    expect(await objects()).toEqual(before);
    await storage.delete(obj.key); // deleting twice is fine
  });

  test("a multi-megabyte stream: size and SHA-256 computed as it passes, unknown bytes are octet-stream", async () => {
    const storage = make();
    const { body } = source(5 * MB + 123, 256 * 1024);
    const expected = createHash("sha256");
    for await (const c of source(5 * MB + 123, 256 * 1024).body) expected.update(c);
    const obj = await storage.put(body, { maxBytes: 20 * MB, prefix: "t" });
    expect(obj.size).toBe(5 * MB + 123);
    expect(obj.sha256).toBe(expected.digest("hex"));
    expect(obj.contentType).toBe("application/octet-stream");
    const got = await storage.get(obj.key);
    expect(createHash("sha256").update(await readAll(got!.body)).digest("hex")).toBe(obj.sha256);
    await storage.delete(obj.key);
  });

  test("past maxBytes the put is refused while streaming and leaves no object (nor a temporary file)", async () => {
    const storage = make();
    const before = await objects();
    const { stats, body } = source(100 * MB);
    await expect(storage.put(body, { maxBytes: 20 * MB, prefix: "t" })).rejects.toMatchObject({ code: "FILE_TOO_LARGE" });
    // Refused at the 21st megabyte, not after reading 100.
    expect(stats.pulled).toBeLessThanOrEqual(22);
    expect(await objects()).toEqual(before);
  });

  test("exactly maxBytes is accepted", async () => {
    const storage = make();
    const obj = await storage.put(source(2 * MB).body, { maxBytes: 2 * MB, prefix: "t" });
    expect(obj.size).toBe(2 * MB);
    await storage.delete(obj.key);
  });

  test("a broken source stream leaves nothing", async () => {
    const storage = make();
    const before = await objects();
    async function* broken() {
      yield new Uint8Array(1000);
      throw new Error("connection reset");
    }
    await expect(storage.put(broken(), { maxBytes: MB, prefix: "t" })).rejects.toThrow("connection reset");
    expect(await objects()).toEqual(before);
  });

  test("keys that are not ours are refused: no path or bucket escape", async () => {
    const storage = make();
    expect(await storage.get("t/00000000-0000-4000-8000-000000000000")).toBeNull();
    for (const bad of ["../etc/passwd", "t/../../x", "/abs/00000000-0000-4000-8000-000000000000", "T/UPPER", "t/x\u0000"]) {
      expect(await storage.get(bad)).toBeNull();
      await storage.delete(bad); // a no-op, never a path outside the store
    }
    await expect(storage.put(new Blob([PDF]).stream(), { maxBytes: MB, prefix: "../up" })).rejects.toThrow(/prefix/);
  });
});

describe("configuration", () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  test("disk under the data directory by default, FILES_DIR when set, S3 when S3_BUCKET is set", async () => {
    delete process.env.S3_BUCKET;
    delete process.env.FILES_DIR;
    process.env.PGLITE_DIR = "/tmp/somewhere/pg";
    expect(filesEnv.filesDir).toBe("/tmp/somewhere/files");
    expect(getStorage()).toBeInstanceOf(DiskStorage);
    process.env.FILES_DIR = diskRoot;
    expect(filesEnv.filesDir).toBe(diskRoot);
    Object.assign(process.env, s3.env);
    const storage = getStorage();
    expect(storage).toBeInstanceOf(S3Storage);
    expect(getStorage()).toBe(storage); // one client per configuration
    const obj = await storage.put(new Blob([PDF]).stream(), { maxBytes: MB, prefix: "cfg" });
    expect(await s3Client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: "cfg/" })).then((r) => r.KeyCount)).toBe(1);
    await storage.delete(obj.key);
  });

  test("an unreachable bucket is STORAGE_UNAVAILABLE", async () => {
    const storage = new S3Storage({ bucket: "nope", endpoint: "http://127.0.0.1:1", region: "us-east-1", accessKeyId: "a", secretAccessKey: "b", forcePathStyle: true });
    await expect(storage.put(new Blob([PDF]).stream(), { maxBytes: MB, prefix: "t" })).rejects.toMatchObject({ code: "STORAGE_UNAVAILABLE" });
  });

  test("MAX_UPLOAD_MB: default 20 MB", () => {
    delete process.env.MAX_UPLOAD_MB;
    expect(maxUploadBytes()).toBe(20 * MB);
    process.env.MAX_UPLOAD_MB = "5";
    expect(maxUploadBytes()).toBe(5 * MB);
    process.env.MAX_UPLOAD_MB = "nonsense";
    expect(maxUploadBytes()).toBe(20 * MB);
  });
});

describe("names", () => {
  test("display names lose path parts, control and bidi characters, and are capped at 200 characters", () => {
    expect(cleanFileName("C:\\Users\\me\\passport.pdf")).toBe("passport.pdf");
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("inv\u0000oice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(cleanFileName("  \n ")).toBe("document");
    expect(cleanFileName("...hidden.png")).toBe("hidden.png");
    const long = cleanFileName(`${"é".repeat(300)}.pdf`);
    expect([...long].length).toBe(200);
    expect(long.endsWith(".pdf")).toBe(true);
  });

  test("download names carry the real type's extension; Content-Disposition is RFC 5987 and safe", () => {
    expect(downloadName("scan.pdf", "application/pdf")).toBe("scan.pdf");
    expect(downloadName("photo.JPEG", "image/jpeg")).toBe("photo.JPEG");
    expect(downloadName("notes.html", "application/pdf")).toBe("notes.html.pdf");
    const cd = contentDisposition("attachment", 'Résumé "final"; x.pdf');
    expect(cd).toBe(`attachment; filename="R_sum_ _final__ x.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%3B%20x.pdf`);
    expect(cd).not.toMatch(/[\r\n]/);
  });
});
