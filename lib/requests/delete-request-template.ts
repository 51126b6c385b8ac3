import "server-only";
import { and, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { requestTemplates } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { requireTemplate } from "./load";
import type { DeleteRequestTemplateInput } from "./request-template.schema";

export { deleteRequestTemplateSchema, type DeleteRequestTemplateInput } from "./request-template.schema";

/** Deletes a template; requests made from it keep their own copy of its items. */
export async function deleteRequestTemplate(ctx: OpsCtx, input: DeleteRequestTemplateInput): Promise<{ id: string }> {
  return ctx.db.transaction(async (tx) => {
    const t = await requireTemplate(tx, ctx.workspace.id, input.id, true);
    await tx.delete(requestTemplates).where(and(eq(requestTemplates.id, t.id), eq(requestTemplates.workspaceId, ctx.workspace.id)));
    await audit(tx, ctx, { action: "request_template.delete", targetType: "request_template", targetId: t.id, summary: `Deleted request template ${t.name}` });
    return { id: t.id };
  });
}
