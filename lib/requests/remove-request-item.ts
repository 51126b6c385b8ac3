import "server-only";
import { and, count, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { requestItems } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { lockRequest } from "./load";
import type { RemoveRequestItemInput } from "./request-item.schema";
import { mutateTemplateItems, templateIndex } from "./template-items";
import { itemUse, requireItem } from "./update-request-item";

export { removeRequestItemSchema, type RemoveRequestItemInput } from "./request-item.schema";

/**
 * Removes an item; on a request its answers and uploaded documents go with it (the confirm says so). An open request
 * keeps at least one item: clients would otherwise see an empty request.
 */
export async function removeRequestItem(ctx: OpsCtx, input: RemoveRequestItemInput): Promise<{ answers: number; documents: number }> {
  return ctx.db.transaction(async (tx) => {
    if (input.owner === "template") {
      let label = "";
      const { template } = await mutateTemplateItems(tx, ctx.workspace.id, input.ownerId, (items) => {
        const i = templateIndex(input.itemId, items);
        label = items[i].label;
        return items.filter((_, k) => k !== i);
      });
      await audit(tx, ctx, { action: "request_template.item_remove", targetType: "request_template", targetId: template.id, summary: `Removed "${label}" from template ${template.name}` });
      return { answers: 0, documents: 0 };
    }
    const req = await lockRequest(tx, ctx.workspace.id, input.ownerId);
    const item = await requireItem(tx, ctx.workspace.id, req.id, input.itemId);
    if (req.status === "open") {
      const [{ n }] = await tx.select({ n: count() }).from(requestItems).where(and(eq(requestItems.requestId, req.id), eq(requestItems.workspaceId, ctx.workspace.id)));
      if (n <= 1) throw new AppError("REQUEST_NO_ITEMS", undefined, "An open request needs at least one item. Add another item first, or close the request.");
    }
    const use = await itemUse(tx, ctx.workspace.id, item.id);
    // Answers and documents reference the item with ON DELETE CASCADE.
    await tx.delete(requestItems).where(and(eq(requestItems.id, item.id), eq(requestItems.workspaceId, ctx.workspace.id)));
    await audit(tx, ctx, {
      action: "request.item_remove",
      targetType: "request",
      targetId: req.id,
      summary: `Removed "${item.label}" from request "${req.title}"`,
      data: { itemId: item.id, answersDeleted: use.answers, documentsDeleted: use.documents },
    });
    return use;
  });
}
