import "server-only";
// A signer's first look at a sent contract: viewed_at and a "viewed" event, for the team's progress view and the
// audit page. One conditional UPDATE, so two tabs opening at once record one view.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { now as clockNow } from "@/lib/clock";
import type { Db } from "@/lib/db";
import { isUuid } from "@/lib/db/queries/time-cursor";
import { contractEvents, contractSigners } from "@/lib/db/schema";

/** Records the viewer's first view of a contract open for signing; later views change nothing. */
export async function recordContractView(
  db: Db,
  p: { workspaceId: string; contactId: string; contractId: string; ip: string | null; userAgent: string | null },
): Promise<boolean> {
  if (!isUuid(p.contractId)) return false;
  const at = clockNow();
  return db.transaction(async (tx) => {
    const [signer] = await tx
      .update(contractSigners)
      .set({ viewedAt: at })
      .where(
        and(
          eq(contractSigners.workspaceId, p.workspaceId),
          eq(contractSigners.contractId, p.contractId),
          eq(contractSigners.contactId, p.contactId),
          isNull(contractSigners.viewedAt),
          inArray(contractSigners.status, ["waiting", "pending"]),
          sql`exists (select 1 from contracts c where c.id = ${contractSigners.contractId} and c.workspace_id = ${p.workspaceId} and c.status = 'sent')`,
        ),
      )
      .returning({ id: contractSigners.id, name: contractSigners.name });
    if (!signer) return false;
    await tx.insert(contractEvents).values({
      workspaceId: p.workspaceId,
      contractId: p.contractId,
      signerId: signer.id,
      kind: "viewed",
      actorName: signer.name,
      ip: p.ip,
      userAgent: p.userAgent?.slice(0, 500) ?? null,
      createdAt: at,
    });
    return true;
  });
}
