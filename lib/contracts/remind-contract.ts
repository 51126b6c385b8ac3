import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { contractEvents, contractSigners } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { queueHubNotice } from "@/lib/hub-notices/queue-hub-notice";
import type { OpsCtx } from "@/lib/ops-context";
import { lockContract } from "./lock-draft-contract";
import type { ContractIdInput } from "./send-contract.schema";

export { contractIdSchema as remindContractSchema } from "./send-contract.schema";

/** One reminder an hour at most, so a double click or an impatient team cannot flood a client. */
export const REMIND_INTERVAL_MS = 60 * 60_000;

/** Reminds the signers whose turn it is (pending) of a sent document: a "contract" notice each, and an event. */
export async function remindContract(ctx: OpsCtx, input: ContractIdInput): Promise<{ id: string; reminded: number }> {
  const ws = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    // The contract's lock orders concurrent reminders, so the interval check below sees the other's event.
    const c = await lockContract(tx, ws, input.contractId);
    if (c.status === "draft") throw new AppError("CONTRACT_NOT_SENT");
    if (c.status !== "sent") throw new AppError("CONTRACT_CLOSED");
    const [last] = await tx
      .select({ at: contractEvents.createdAt })
      .from(contractEvents)
      .where(and(eq(contractEvents.contractId, c.id), eq(contractEvents.workspaceId, ws), eq(contractEvents.kind, "reminded")))
      .orderBy(desc(contractEvents.createdAt))
      .limit(1);
    const at = now();
    if (last && at.getTime() - last.at.getTime() < REMIND_INTERVAL_MS) throw new AppError("CONTRACT_REMIND_TOO_SOON");
    const pending = await tx
      .select({ id: contractSigners.id, contactId: contractSigners.contactId, name: contractSigners.name })
      .from(contractSigners)
      .where(and(eq(contractSigners.contractId, c.id), eq(contractSigners.workspaceId, ws), eq(contractSigners.status, "pending")));
    for (const s of pending) await queueHubNotice(tx, { workspaceId: ws, to: { contactId: s.contactId }, kind: "contract", item: { id: c.id, label: c.title } });
    await tx.insert(contractEvents).values({
      workspaceId: ws,
      contractId: c.id,
      kind: "reminded",
      actorUserId: ctx.user.id,
      actorName: ctx.user.name || ctx.user.email,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      createdAt: at,
      detail: { signers: pending.map((s) => s.name) },
    });
    await audit(tx, ctx, { action: "contract.remind", targetType: "contract", targetId: c.id, summary: `Reminded ${pending.map((s) => s.name).join(", ")} about “${c.title}”` });
    return { id: c.id, reminded: pending.length };
  });
}
