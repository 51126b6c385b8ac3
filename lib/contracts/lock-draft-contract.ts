import "server-only";
// Every edit of a draft starts here: the contract row locked for the rest of the transaction, so an edit and a send
// (which takes the same lock) never interleave: an edit either lands before the send or is refused after it.
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { contracts, type ContractPage } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

export type LockedContract = { id: string; title: string; kind: "contract" | "proposal"; status: string; signingOrder: "parallel" | "sequential"; pages: ContractPage[] };

/** The workspace's contract, locked; NOT_FOUND for another workspace's or a guessed id. */
export async function lockContract(tx: Tx, workspaceId: string, contractId: string): Promise<LockedContract> {
  const [row] = await tx
    .select({ id: contracts.id, title: contracts.title, kind: contracts.kind, status: contracts.status, signingOrder: contracts.signingOrder, pages: contracts.pages })
    .from(contracts)
    .where(and(eq(contracts.id, contractId), eq(contracts.workspaceId, workspaceId)))
    .for("update");
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** The same, and still a draft (CONTRACT_NOT_DRAFT once sent). */
export async function lockDraftContract(tx: Tx, workspaceId: string, contractId: string): Promise<LockedContract> {
  const row = await lockContract(tx, workspaceId, contractId);
  if (row.status !== "draft") throw new AppError("CONTRACT_NOT_DRAFT");
  return row;
}
