import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { requestItems, requestTemplates } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { requestItemsSchema } from "./item.schema";
import { lockRequest } from "./load";
import type { SaveRequestAsTemplateInput } from "./request-template.schema";
import { templateConflict } from "./template-conflict";

export { saveRequestAsTemplateSchema, type SaveRequestAsTemplateInput } from "./request-template.schema";

/** A new template with a copy of the request's title, message and items, to build the next request from. */
export async function saveRequestAsTemplate(ctx: OpsCtx, input: SaveRequestAsTemplateInput): Promise<{ id: string }> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const req = await lockRequest(tx, ctx.workspace.id, input.requestId);
      const rows = await tx
        .select()
        .from(requestItems)
        .where(and(eq(requestItems.requestId, req.id), eq(requestItems.workspaceId, ctx.workspace.id)))
        .orderBy(asc(requestItems.position), asc(requestItems.createdAt));
      const items = requestItemsSchema.parse(
        rows.map((r) => ({ kind: r.kind, label: r.label, helpText: r.helpText ?? undefined, required: r.required, options: r.options ?? undefined })),
      );
      const [row] = await tx
        .insert(requestTemplates)
        .values({ workspaceId: ctx.workspace.id, name: input.name, title: req.title, message: req.message, items })
        .returning({ id: requestTemplates.id });
      await audit(tx, ctx, {
        action: "request_template.create",
        targetType: "request_template",
        targetId: row.id,
        summary: `Saved request "${req.title}" as template ${input.name}`,
        data: { fromRequestId: req.id },
      });
      return { id: row.id };
    });
  } catch (e) {
    throw templateConflict(e);
  }
}
