import "server-only";
// A signer declines: the contract (or proposal) closes for everyone, with their comment on record, and the team member
// who sent it is told. Under the same row lock as signing, so a decline and a signature cannot both win.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { now as clockNow } from "@/lib/clock";
import type { Db } from "@/lib/db";
import { contractEvents, contracts, contractSigners } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { queueHubNotice } from "@/lib/hub-notices/queue-hub-notice";
import { unstorableChar } from "@/lib/validation/storable-text";
import { lockForSigner } from "./sign-contract";

export const MAX_DECLINE_COMMENT = 2000;

export const declineContractSchema = z.object({ comment: z.string().max(20_000).optional() });

/** Declines for the viewer; a proposal needs a comment (why), a contract may have one. */
export async function declineContract(
  db: Db,
  p: { workspaceId: string; contactId: string; contractId: string; input: unknown; ip: string | null; userAgent: string | null },
): Promise<{ declinedAt: Date }> {
  const parsed = declineContractSchema.safeParse(p.input);
  if (!parsed.success) throw new AppError("REQUEST_MALFORMED");
  const comment = (parsed.data.comment ?? "").trim();
  if (comment.length > MAX_DECLINE_COMMENT) throw new AppError("CONTRACT_DECLINE_COMMENT_TOO_LONG");
  if (unstorableChar(comment)) throw new AppError("TEXT_UNSTORABLE");

  return db.transaction(async (tx) => {
    const at = clockNow();
    const { contract, signer } = await lockForSigner(tx, p);
    if (contract.status !== "sent") throw new AppError("CONTRACT_CLOSED");
    if (signer.status === "signed") throw new AppError("CONTRACT_ALREADY_SIGNED");
    if (signer.status === "declined") throw new AppError("CONTRACT_CLOSED");
    if (contract.kind === "proposal" && !comment) throw new AppError("CONTRACT_DECLINE_COMMENT_REQUIRED");

    const ua = p.userAgent?.slice(0, 500) ?? null;
    await tx
      .update(contractSigners)
      .set({ status: "declined", declinedAt: at, viewedAt: signer.viewedAt ?? at, comment: comment || null, ip: p.ip, userAgent: ua })
      .where(and(eq(contractSigners.id, signer.id), eq(contractSigners.workspaceId, p.workspaceId)));
    await tx
      .update(contracts)
      .set({ status: "declined", declinedAt: at, updatedAt: at })
      .where(and(eq(contracts.id, contract.id), eq(contracts.workspaceId, p.workspaceId)));
    await tx.insert(contractEvents).values({
      workspaceId: p.workspaceId,
      contractId: contract.id,
      signerId: signer.id,
      kind: "declined",
      actorName: signer.name,
      ip: p.ip,
      userAgent: ua,
      detail: comment ? { comment } : null,
      createdAt: at,
    });
    if (contract.createdByUserId) {
      await queueHubNotice(tx, { workspaceId: p.workspaceId, to: { userId: contract.createdByUserId }, kind: "contract", item: { id: contract.id, label: contract.title } });
    }
    return { declinedAt: at };
  });
}
