import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { requestItems } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { lockRequest } from "./load";
import type { MoveRequestItemInput } from "./request-item.schema";
import { mutateTemplateItems, templateIndex } from "./template-items";
import { requireItem } from "./update-request-item";

export { moveRequestItemSchema, type MoveRequestItemInput } from "./request-item.schema";

/** Moves an item one place up or down; at the top (or bottom) it stays where it is. */
export async function moveRequestItem(ctx: OpsCtx, input: MoveRequestItemInput): Promise<{ moved: boolean }> {
  const step = input.direction === "up" ? -1 : 1;
  return ctx.db.transaction(async (tx) => {
    if (input.owner === "template") {
      let moved = false;
      await mutateTemplateItems(tx, ctx.workspace.id, input.ownerId, (items) => {
        const i = templateIndex(input.itemId, items);
        const j = i + step;
        if (j < 0 || j >= items.length) return items;
        [items[i], items[j]] = [items[j], items[i]];
        moved = true;
        return items;
      });
      return { moved };
    }
    const req = await lockRequest(tx, ctx.workspace.id, input.ownerId);
    const item = await requireItem(tx, ctx.workspace.id, req.id, input.itemId);
    const order = await tx
      .select({ id: requestItems.id })
      .from(requestItems)
      .where(and(eq(requestItems.requestId, req.id), eq(requestItems.workspaceId, ctx.workspace.id)))
      .orderBy(asc(requestItems.position), asc(requestItems.createdAt), asc(requestItems.id));
    const ids = order.map((r) => r.id);
    const i = ids.indexOf(item.id);
    const j = i + step;
    if (j < 0 || j >= ids.length) return { moved: false };
    [ids[i], ids[j]] = [ids[j], ids[i]];
    // Renumbered 0..n-1, which also repairs equal positions left by older data.
    for (const [position, id] of ids.entries()) await tx.update(requestItems).set({ position }).where(and(eq(requestItems.id, id), eq(requestItems.workspaceId, ctx.workspace.id)));
    await audit(tx, ctx, { action: "request.item_move", targetType: "request", targetId: req.id, summary: `Moved "${item.label}" ${input.direction} on request "${req.title}"` });
    return { moved: true };
  });
}
