// The signed PDF on S3-compatible storage (a real s3rver on loopback): stored, verified, and a changed object caught.
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { contracts } from "@/lib/db/schema";
import { readStoredBytes, sha256Hex, verifySignedContract } from "@/lib/contracts/verify-integrity";
import { contractPost, contractWorld, params } from "./helpers/contract-world";
import { useAppTestDb, type TestDb } from "./helpers/db";
import { startS3Server, type S3Server } from "./helpers/s3-server";

const { POST: signPost } = await import("@/app/api/portal/contracts/[id]/sign/route");

let t: TestDb;
useAppTestDb((db) => void (t = db));
let s3: S3Server;
const savedEnv = { ...process.env };
beforeAll(async () => {
  s3 = await startS3Server();
  Object.assign(process.env, s3.env);
});
afterAll(async () => {
  process.env = savedEnv;
  await s3.close();
});

test("on S3: the signed PDF is stored with its hash, and an overwritten object fails verification", async () => {
  const w = await contractWorld(t.db);
  const alice = await w.person("Alice");
  const k = await w.contract({ signers: [alice] });
  const res = await signPost(contractPost(w.site, `/api/portal/contracts/${k.id}/sign`, { cookie: alice.cookie, json: { signature: { kind: "typed", text: "Alice Test" } } }), params(k.id));
  expect(await res.json()).toMatchObject({ ok: true, completed: true });
  const [c] = await t.db.select().from(contracts).where(eq(contracts.id, k.id));
  const bytes = (await readStoredBytes(c.signedStorageKey!))!;
  expect(sha256Hex(bytes)).toBe(c.signedSha256);
  expect(await verifySignedContract(t.db, { workspaceId: w.workspaceId, contractId: k.id })).toEqual({ ok: true, sha256: c.signedSha256 });

  const client = new S3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  const changed = Buffer.from(bytes);
  changed[100] ^= 0xff;
  await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: c.signedStorageKey!, Body: changed }));
  const check = await verifySignedContract(t.db, { workspaceId: w.workspaceId, contractId: k.id });
  expect(check).toEqual({ ok: false, sha256: sha256Hex(changed) });
});
