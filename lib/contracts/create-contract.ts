import "server-only";
// An admin uploads a PDF to be signed. The file is streamed to storage under contracts/<workspace> after its first
// bytes say it is a PDF (CONTRACT_NOT_PDF otherwise, nothing stored); then pdf-lib must open it and read its pages
// (CONTRACT_PDF_UNREADABLE otherwise, the object deleted). The row, its "created" event and the audit entry commit
// together; if they cannot, the object is deleted too.
import { and, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { contractEvents, contracts, opportunities } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { cleanFileName } from "@/lib/files/file-name";
import { peek } from "@/lib/files/read-upload";
import { SNIFF_BYTES, sniffType } from "@/lib/files/sniff";
import { getStorage, type StoredObject } from "@/lib/files/storage";
import type { OpsCtx } from "@/lib/ops-context";
import type { ContractDetailsInput } from "./contract-details.schema";
import { readPdfPages, readStoredBytes } from "./contract-pdf-info";

export { contractDetailsSchema as createContractSchema, type ContractDetailsInput as CreateContractInput } from "./contract-details.schema";

export const contractPrefix = (workspaceId: string) => `contracts/${workspaceId}`;

/** Streams an upload to storage if its bytes start like a PDF: empty → FILE_EMPTY, anything else → CONTRACT_NOT_PDF. */
export async function storeContractPdf(file: AsyncIterable<Uint8Array>, opts: { maxBytes: number; workspaceId: string }): Promise<StoredObject> {
  const { head, all } = await peek(file, SNIFF_BYTES);
  if (head.byteLength === 0) throw new AppError("FILE_EMPTY");
  if ((await sniffType(head)) !== "application/pdf") throw new AppError("CONTRACT_NOT_PDF");
  const stored = await getStorage().put(all, { maxBytes: opts.maxBytes, prefix: contractPrefix(opts.workspaceId) });
  if (stored.contentType !== "application/pdf") {
    await discard(stored.key);
    throw new AppError("CONTRACT_NOT_PDF");
  }
  return stored;
}

/** Records a stored PDF as a draft contract; the object is deleted whenever the contract is not recorded. */
export async function createContract(ctx: OpsCtx, input: ContractDetailsInput, stored: StoredObject, rawName: string): Promise<{ id: string }> {
  const ws = ctx.workspace.id;
  try {
    const bytes = await readStoredBytes(stored.key);
    if (!bytes) throw new AppError("CONTRACT_PDF_UNREADABLE");
    const pages = await readPdfPages(bytes);
    return await ctx.db.transaction(async (tx) => {
      if (input.opportunityId) {
        const [opp] = await tx
          .select({ id: opportunities.id })
          .from(opportunities)
          .where(and(eq(opportunities.id, input.opportunityId), eq(opportunities.workspaceId, ws)));
        if (!opp) throw new AppError("NOT_FOUND", "opportunityId", "That opportunity does not exist. Pick one from the list.");
      }
      const [row] = await tx
        .insert(contracts)
        .values({
          workspaceId: ws,
          kind: input.kind,
          title: input.title,
          message: input.message,
          signingOrder: input.signingOrder,
          opportunityId: input.opportunityId,
          originalName: cleanFileName(rawName),
          originalStorageKey: stored.key,
          originalSha256: stored.sha256,
          originalSize: stored.size,
          pages,
          createdByUserId: ctx.user.id,
        })
        .returning({ id: contracts.id });
      await tx.insert(contractEvents).values({
        workspaceId: ws,
        contractId: row.id,
        kind: "created",
        actorUserId: ctx.user.id,
        actorName: ctx.user.name || ctx.user.email,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        detail: { pages: pages.length, sha256: stored.sha256, size: stored.size },
      });
      await audit(tx, ctx, { action: "contract.create", targetType: "contract", targetId: row.id, summary: `Uploaded ${input.kind} “${input.title}”`, data: { pages: pages.length } });
      return row;
    });
  } catch (e) {
    await discard(stored.key);
    throw e;
  }
}

async function discard(key: string) {
  await getStorage()
    .delete(key)
    .catch((err) => console.error("Could not delete an unrecorded contract upload", key, err));
}
