import "server-only";
import { and, eq } from "drizzle-orm";
import { audit } from "@/lib/audit";
import { requestTemplates } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { requireTemplate } from "./load";
import type { SaveRequestTemplateInput } from "./request-template.schema";
import { templateConflict } from "./template-conflict";

export { saveRequestTemplateSchema, type SaveRequestTemplateInput } from "./request-template.schema";

/** Creates a template (no id) or edits one; names are unique per workspace whatever their case. */
export async function saveRequestTemplate(ctx: OpsCtx, input: SaveRequestTemplateInput): Promise<{ id: string; created: boolean }> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const fields = { name: input.name, title: input.title, message: input.message ?? null, ...(input.items ? { items: input.items } : {}) };
      if (!input.id) {
        const [row] = await tx.insert(requestTemplates).values({ workspaceId: ctx.workspace.id, ...fields }).returning({ id: requestTemplates.id });
        await audit(tx, ctx, { action: "request_template.create", targetType: "request_template", targetId: row.id, summary: `Created request template ${input.name}` });
        return { id: row.id, created: true };
      }
      const before = await requireTemplate(tx, ctx.workspace.id, input.id, true);
      await tx.update(requestTemplates).set(fields).where(and(eq(requestTemplates.id, before.id), eq(requestTemplates.workspaceId, ctx.workspace.id)));
      await audit(tx, ctx, { action: "request_template.update", targetType: "request_template", targetId: before.id, summary: `Edited request template ${input.name}` });
      return { id: before.id, created: false };
    });
  } catch (e) {
    throw templateConflict(e);
  }
}
