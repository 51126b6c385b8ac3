import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { clientCentreTemplates } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";

export const deleteClientCentreTemplateSchema = z.object({ id: z.uuid("That template does not exist.") });

/** Deletes a template that is not the default (so a workspace always keeps one to send with). */
export async function deleteClientCentreTemplate(ctx: OpsCtx, raw: z.input<typeof deleteClientCentreTemplateSchema>) {
  const { id } = deleteClientCentreTemplateSchema.parse(raw);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ name: clientCentreTemplates.name, isDefault: clientCentreTemplates.isDefault })
      .from(clientCentreTemplates)
      .where(and(eq(clientCentreTemplates.workspaceId, ctx.workspace.id), eq(clientCentreTemplates.id, id)))
      .for("update");
    if (!row) throw new AppError("NOT_FOUND", "id", "That invitation template does not exist in this workspace.");
    if (row.isDefault) throw new AppError("CLIENT_CENTRE_TEMPLATE_IS_DEFAULT");
    await tx.delete(clientCentreTemplates).where(and(eq(clientCentreTemplates.workspaceId, ctx.workspace.id), eq(clientCentreTemplates.id, id)));
    await audit(tx, ctx, { action: "client_centre_template.delete", targetType: "client_centre_template", targetId: id, summary: `Deleted the invitation template “${row.name}”` });
    return { id };
  });
}
