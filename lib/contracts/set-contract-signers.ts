import "server-only";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { contracts, contractSigners } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { lockDraftContract } from "./lock-draft-contract";
import type { SetContractSignersInput } from "./set-contract-signers.schema";
import { signerContacts } from "./signer-candidates";

export { setContractSignersSchema, MAX_SIGNERS, type SetContractSignersInput } from "./set-contract-signers.schema";

/**
 * Makes the draft's signers exactly `contactIds`, in that order. Signers who stay keep their row (and so their
 * fields); removed signers go with their fields. Another workspace's contact is NOT_FOUND; a contact without live
 * portal access is CONTRACT_SIGNER_NOT_IN_PORTAL (they could never open it).
 */
export async function setContractSigners(ctx: OpsCtx, input: SetContractSignersInput): Promise<{ id: string; signers: number }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const c = await lockDraftContract(tx, ws, input.contractId);
    const people = await signerContacts(tx, ws, input.contactIds);
    for (const id of input.contactIds) {
      const p = people.get(id);
      if (!p) throw new AppError("NOT_FOUND", "contactIds", "That person is not a contact of this workspace. Pick signers from the search results.");
      if (!p.inPortal) throw new AppError("CONTRACT_SIGNER_NOT_IN_PORTAL", "contactIds", `${p.name} has no portal access, so they could not open the document. Invite them to the portal first.`);
    }
    const gone = and(eq(contractSigners.contractId, c.id), eq(contractSigners.workspaceId, ws), input.contactIds.length ? notInArray(contractSigners.contactId, input.contactIds) : undefined);
    await tx.delete(contractSigners).where(gone);
    const existing = input.contactIds.length
      ? await tx
          .select({ id: contractSigners.id, contactId: contractSigners.contactId })
          .from(contractSigners)
          .where(and(eq(contractSigners.contractId, c.id), eq(contractSigners.workspaceId, ws), inArray(contractSigners.contactId, input.contactIds)))
      : [];
    const kept = new Map(existing.map((s) => [s.contactId, s.id]));
    for (const [position, contactId] of input.contactIds.entries()) {
      const p = people.get(contactId)!;
      const id = kept.get(contactId);
      if (id) await tx.update(contractSigners).set({ position, name: p.name, email: p.email, phone: p.phone }).where(and(eq(contractSigners.id, id), eq(contractSigners.workspaceId, ws)));
      else await tx.insert(contractSigners).values({ workspaceId: ws, contractId: c.id, contactId, position, status: "waiting", name: p.name, email: p.email, phone: p.phone });
    }
    await tx.update(contracts).set({ updatedAt: now() }).where(and(eq(contracts.id, c.id), eq(contracts.workspaceId, ws)));
    await audit(tx, ctx, { action: "contract.signers", targetType: "contract", targetId: c.id, summary: `Signers of “${c.title}”: ${input.contactIds.map((id) => people.get(id)!.name).join(", ") || "none"}` });
    return { id: c.id, signers: input.contactIds.length };
  });
}
