import "server-only";
import { and, eq, max } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { requestItems } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { lockRequest } from "./load";
import type { AddRequestItemInput } from "./request-item.schema";
import { mutateTemplateItems } from "./template-items";

export { addRequestItemSchema, type AddRequestItemInput } from "./request-item.schema";

/** Adds an item at the end of a request or a template. */
export async function addRequestItem(ctx: OpsCtx, input: AddRequestItemInput): Promise<{ itemId: string }> {
  const it = input.item;
  return ctx.db.transaction(async (tx) => {
    if (input.owner === "template") {
      const { template, items } = await mutateTemplateItems(tx, ctx.workspace.id, input.ownerId, (items) => [...items, it]);
      await audit(tx, ctx, { action: "request_template.item_add", targetType: "request_template", targetId: template.id, summary: `Added "${it.label}" to template ${template.name}` });
      return { itemId: String(items.length - 1) };
    }
    const req = await lockRequest(tx, ctx.workspace.id, input.ownerId);
    const [{ last }] = await tx.select({ last: max(requestItems.position) }).from(requestItems).where(and(eq(requestItems.requestId, req.id), eq(requestItems.workspaceId, ctx.workspace.id)));
    const [row] = await tx
      .insert(requestItems)
      .values({
        workspaceId: ctx.workspace.id,
        requestId: req.id,
        position: (last ?? -1) + 1,
        kind: it.kind,
        label: it.label,
        helpText: it.helpText ?? null,
        required: it.required,
        options: it.options ?? null,
      })
      .returning({ id: requestItems.id });
    await audit(tx, ctx, { action: "request.item_add", targetType: "request", targetId: req.id, summary: `Added "${it.label}" to request "${req.title}"`, data: { itemId: row.id, kind: it.kind } });
    return { itemId: row.id };
  });
}
