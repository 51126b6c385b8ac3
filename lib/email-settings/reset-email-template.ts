import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { emailTemplates } from "@/lib/db/schema";
import { defaultEmailTemplates } from "@/lib/messaging/templates";
import type { OpsCtx } from "@/lib/ops-context";
import { templateKindSchema, templateLabels } from "./email-settings-schema";
import type { StoredEmailTemplate } from "./email-templates";

export const resetEmailTemplateSchema = z.object({ kind: templateKindSchema });
export type ResetEmailTemplateInput = z.infer<typeof resetEmailTemplateSchema>;

/** Drops the workspace's own template for a kind, so our default is used again. */
export async function resetEmailTemplate(ctx: OpsCtx, raw: ResetEmailTemplateInput): Promise<StoredEmailTemplate> {
  const input = resetEmailTemplateSchema.parse(raw);
  const w = ctx.workspace.id;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(emailTemplates)
      .where(and(eq(emailTemplates.workspaceId, w), eq(emailTemplates.kind, input.kind)))
      .returning({ id: emailTemplates.id });
    if (!row) return;
    await audit(tx, ctx, {
      action: "email_template.reset",
      targetType: "email_template",
      targetId: row.id,
      summary: `Reset the ${templateLabels[input.kind].toLowerCase()} email template to the default`,
      data: { kind: input.kind },
    });
  });
  return { kind: input.kind, ...defaultEmailTemplates[input.kind], customised: false };
}
