import "server-only";
import { and, count, eq, isNull } from "drizzle-orm";
import { audit } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import { documents, requestAnswers, requestItems } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { lockRequest } from "./load";
import type { UpdateRequestItemInput } from "./request-item.schema";
import { mutateTemplateItems, templateIndex } from "./template-items";

export { updateRequestItemSchema, type UpdateRequestItemInput } from "./request-item.schema";

/** The item of this request, or NOT_FOUND (an id of another request or workspace included). */
export async function requireItem(tx: Tx, workspaceId: string, requestId: string, itemId: string) {
  const [row] = /^[0-9a-f-]{36}$/i.test(itemId)
    ? await tx
        .select()
        .from(requestItems)
        .where(and(eq(requestItems.id, itemId), eq(requestItems.requestId, requestId), eq(requestItems.workspaceId, workspaceId)))
        .limit(1)
    : [];
  if (!row) throw new AppError("NOT_FOUND", undefined, "That item is no longer on the request. Reload the page.");
  return row;
}

/** How many answers and documents applicants have given for an item. */
export async function itemUse(tx: Tx, workspaceId: string, itemId: string) {
  const [[a], [d]] = await Promise.all([
    tx.select({ n: count() }).from(requestAnswers).where(and(eq(requestAnswers.itemId, itemId), eq(requestAnswers.workspaceId, workspaceId))),
    tx.select({ n: count() }).from(documents).where(and(eq(documents.requestItemId, itemId), eq(documents.workspaceId, workspaceId), isNull(documents.deletedAt))),
  ]);
  return { answers: a.n, documents: d.n };
}

/**
 * Edits an item's label, help text, required flag and options. Its kind changes only while nobody has answered it:
 * an answer typed as a date would not fit a number.
 */
export async function updateRequestItem(ctx: OpsCtx, input: UpdateRequestItemInput): Promise<{ itemId: string }> {
  const it = input.item;
  return ctx.db.transaction(async (tx) => {
    if (input.owner === "template") {
      const { template } = await mutateTemplateItems(tx, ctx.workspace.id, input.ownerId, (items) => {
        items[templateIndex(input.itemId, items)] = it;
        return items;
      });
      await audit(tx, ctx, { action: "request_template.item_update", targetType: "request_template", targetId: template.id, summary: `Edited "${it.label}" on template ${template.name}` });
      return { itemId: input.itemId };
    }
    const req = await lockRequest(tx, ctx.workspace.id, input.ownerId);
    const before = await requireItem(tx, ctx.workspace.id, req.id, input.itemId);
    if (before.kind !== it.kind) {
      const use = await itemUse(tx, ctx.workspace.id, before.id);
      if (use.answers + use.documents > 0) throw new AppError("REQUEST_ITEM_ANSWERED", "item.kind");
    }
    await tx
      .update(requestItems)
      .set({ kind: it.kind, label: it.label, helpText: it.helpText ?? null, required: it.required, options: it.options ?? null })
      .where(and(eq(requestItems.id, before.id), eq(requestItems.workspaceId, ctx.workspace.id)));
    await audit(tx, ctx, { action: "request.item_update", targetType: "request", targetId: req.id, summary: `Edited "${it.label}" on request "${req.title}"`, data: { itemId: before.id } });
    return { itemId: before.id };
  });
}
