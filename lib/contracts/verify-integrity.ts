import "server-only";
// PLACEHOLDER for the admin side's branch only: csign owns the real verify-integrity.ts (same signature) and it
// replaces this file on merge. It re-hashes the stored signed PDF and compares it with the recorded hash.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { contracts } from "@/lib/db/schema";
import { chunksOf } from "@/lib/files/meter";
import { getStorage } from "@/lib/files/storage";

export async function verifySignedContract(db: DbOrTx, p: { workspaceId: string; contractId: string }): Promise<{ ok: boolean; sha256: string | null }> {
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
