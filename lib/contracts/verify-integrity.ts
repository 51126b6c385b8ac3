import "server-only";
// A signed contract is immutable in the database (triggers) and in storage by its hash: the SHA-256 of the signed PDF
// is recorded when it is produced, and the stored object is hashed again whenever someone relies on it (a download,
// the admin's integrity line). A changed or missing object fails.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contracts } from "@/lib/db/schema";
import { chunksOf } from "@/lib/files/meter";
import { getStorage, type StoredObject } from "@/lib/files/storage";

/** Largest PDF read whole into memory for signing (the upload limit is far below this). */
const MAX_PDF_BYTES = 200 * 1024 * 1024;

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Re-hashes the stored signed PDF and compares it with the hash recorded at completion. */
export async function verifySignedContract(db: DbOrTx, p: { workspaceId: string; contractId: string }): Promise<{ ok: boolean; sha256: string | null }> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p.contractId)) return { ok: false, sha256: null };
  const [c] = await db
    .select({ key: contracts.signedStorageKey, sha256: contracts.signedSha256 })
    .from(contracts)
    .where(and(eq(contracts.id, p.contractId), eq(contracts.workspaceId, p.workspaceId), eq(contracts.status, "completed")));
  if (!c?.key || !c.sha256) return { ok: false, sha256: null };
  const obj = await getStorage().get(c.key);
  if (!obj) return { ok: false, sha256: null };
  const hash = createHash("sha256");
  for await (const chunk of chunksOf(obj.body)) hash.update(chunk);
  const actual = hash.digest("hex");
  return { ok: actual === c.sha256, sha256: actual };
}

/** A stored object's bytes, or null when it is gone. */
export async function readStoredBytes(key: string): Promise<Uint8Array | null> {
  const obj = await getStorage().get(key);
  if (!obj) return null;
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunksOf(obj.body)) {
    size += chunk.byteLength;
    if (size > MAX_PDF_BYTES) throw new Error("Stored PDF larger than expected");
    parts.push(chunk);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** Stores bytes we produced under a generated key. */
export function storeBytes(bytes: Uint8Array, prefix: string): Promise<StoredObject> {
  return getStorage().put((async function* () { yield bytes; })(), { maxBytes: MAX_PDF_BYTES, prefix });
}
