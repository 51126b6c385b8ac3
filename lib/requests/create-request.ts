import "server-only";
import { audit } from "@/lib/audit";
import { requestItems, requests } from "@/lib/db/schema";
import type { RequestItemDef } from "@/lib/db/schema/opportunities";
import type { OpsCtx } from "@/lib/ops-context";
import type { CreateRequestInput } from "./create-request.schema";
import { requestItemsSchema } from "./item.schema";
import { requireOpportunity, requireTemplate } from "./load";
import { dueAtOf } from "./request-fields.schema";

export { createRequestSchema, type CreateRequestInput } from "./create-request.schema";

/**
 * A request on an opportunity. From a template, its title, message and items are copied (the request keeps its own
 * rows, so editing the template later changes no request). With items it opens at once; without, it is a draft the
 * admin fills on the edit page and then opens.
 */
export async function createRequest(ctx: OpsCtx, input: CreateRequestInput): Promise<{ id: string; status: "draft" | "open"; opportunityId: string }> {
  return ctx.db.transaction(async (tx) => {
    const opp = await requireOpportunity(tx, ctx.workspace.id, input.opportunityId);
    let items: RequestItemDef[] = [];
    let title = input.title;
    let message = input.message;
    let templateId: string | null = null;
    if (input.templateId) {
      const t = await requireTemplate(tx, ctx.workspace.id, input.templateId);
      // Re-validated: a template saved by an older version must not smuggle in an item requests refuse.
      items = requestItemsSchema.parse(t.items);
      title ??= t.title;
      message ??= t.message ?? undefined;
      templateId = t.id;
    }
    const status = items.length > 0 ? "open" : "draft";
    const [row] = await tx
      .insert(requests)
      .values({
        workspaceId: ctx.workspace.id,
        opportunityId: opp.id,
        title: title!,
        message: message ?? null,
        status,
        dueAt: dueAtOf(input.dueDate),
        reminderDaysBefore: input.reminderDaysBefore ?? null,
        templateId,
        createdBy: ctx.user.id,
      })
      .returning({ id: requests.id });
    if (items.length > 0) {
      await tx.insert(requestItems).values(
        items.map((it, position) => ({
          workspaceId: ctx.workspace.id,
          requestId: row.id,
          position,
          kind: it.kind,
          label: it.label,
          helpText: it.helpText ?? null,
          required: it.required,
          options: it.options ?? null,
        })),
      );
    }
    await audit(tx, ctx, {
      action: "request.create",
      targetType: "request",
      targetId: row.id,
      summary: `Created request "${title}" on ${opp.name}`,
      data: { opportunityId: opp.id, templateId, items: items.length },
    });
    return { id: row.id, status, opportunityId: opp.id };
  });
}
