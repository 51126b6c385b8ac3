import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { contacts, contractEvents, contractFields, contracts, contractSigners, portalUsers } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { queueHubNotice } from "@/lib/hub-notices/queue-hub-notice";
import type { OpsCtx } from "@/lib/ops-context";
import { lockDraftContract } from "./lock-draft-contract";
import type { ContractIdInput } from "./send-contract.schema";
import { personName } from "./signer-candidates";

export { contractIdSchema as sendContractSchema, type ContractIdInput as SendContractInput } from "./send-contract.schema";

const names = (xs: { name: string }[]) => xs.map((x) => x.name).join(", ");

/**
 * Sends a draft for signature, in one transaction: it checks every signer can sign (portal access live, and for a
 * contract at least one signature field each), records each signer's name and address as they are now (the audit
 * page says who was asked), makes everyone pending (parallel) or only the first (sequential), and queues a
 * "contract" notice to the pending signers only, so the notice never goes out for a send that did not commit.
 */
export async function sendContract(ctx: OpsCtx, input: ContractIdInput): Promise<{ id: string; pending: number }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const c = await lockDraftContract(tx, ws, input.contractId);
    const signers = await tx
      .select({
        id: contractSigners.id,
        contactId: contractSigners.contactId,
        firstName: contacts.firstName,
        lastName: contacts.lastName,
        email: contacts.email,
        phone: contacts.phone,
      })
      .from(contractSigners)
      .innerJoin(contacts, and(eq(contacts.id, contractSigners.contactId), eq(contacts.workspaceId, contractSigners.workspaceId)))
      .where(and(eq(contractSigners.contractId, c.id), eq(contractSigners.workspaceId, ws)))
      .orderBy(asc(contractSigners.position), asc(contractSigners.createdAt));
    // FOR SHARE: a revoke running now waits for this send to commit (and the signer's side then sees it).
    const access = signers.length
      ? await tx
          .select({ contactId: portalUsers.contactId, status: portalUsers.status })
          .from(portalUsers)
          .where(and(eq(portalUsers.workspaceId, ws), inArray(portalUsers.contactId, signers.map((s) => s.contactId))))
          .for("share")
      : [];
    const live = new Set(access.filter((a) => a.status !== "revoked").map((a) => a.contactId));
    if (signers.length === 0) throw new AppError("CONTRACT_NO_SIGNERS");
    const people = signers.map((s) => ({ ...s, name: personName(s) }));
    const outside = people.filter((s) => !live.has(s.contactId));
    if (outside.length) {
      throw new AppError("CONTRACT_SIGNER_NOT_IN_PORTAL", undefined, `${names(outside)} ${outside.length === 1 ? "has" : "have"} no portal access, and signers sign in the portal. Invite them to the portal (or remove them as signers), then send.`);
    }
    if (c.kind === "contract") {
      const fields = await tx
        .select({ signerId: contractFields.signerId })
        .from(contractFields)
        .where(and(eq(contractFields.contractId, c.id), eq(contractFields.workspaceId, ws), eq(contractFields.kind, "signature")));
      const signing = new Set(fields.map((f) => f.signerId));
      const bare = people.filter((s) => !signing.has(s.id));
      if (bare.length) throw new AppError("CONTRACT_SIGNER_NEEDS_SIGNATURE", undefined, `${names(bare)} ${bare.length === 1 ? "has" : "have"} no signature field. Place a signature field for every signer, then send.`);
    }

    const at = now();
    const pending: typeof people = [];
    for (const [i, s] of people.entries()) {
      const status = c.signingOrder === "parallel" || i === 0 ? "pending" : "waiting";
      if (status === "pending") pending.push(s);
      await tx
        .update(contractSigners)
        .set({ status, position: i, name: s.name, email: s.email, phone: s.phone })
        .where(and(eq(contractSigners.id, s.id), eq(contractSigners.workspaceId, ws)));
    }
    await tx.update(contracts).set({ status: "sent", sentAt: at, updatedAt: at }).where(and(eq(contracts.id, c.id), eq(contracts.workspaceId, ws)));
    await tx.insert(contractEvents).values({
      workspaceId: ws,
      contractId: c.id,
      kind: "sent",
      actorUserId: ctx.user.id,
      actorName: ctx.user.name || ctx.user.email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      detail: { signingOrder: c.signingOrder, signers: people.map((s) => s.name) },
    });
    for (const s of pending) {
      await queueHubNotice(tx, { workspaceId: ws, to: { contactId: s.contactId }, kind: "contract", item: { id: c.id, label: c.title } });
    }
    await audit(tx, ctx, { action: "contract.send", targetType: "contract", targetId: c.id, summary: `Sent “${c.title}” to ${names(people)}`, data: { signingOrder: c.signingOrder } });
    return { id: c.id, pending: pending.length };
  });
}
