import "server-only";
// A workspace's own wording for its client emails. A template that lost its system tag (the link or code the email
// exists to carry) is refused with the validator's words, so a saved template can always do its job.
import { z } from "zod";
import { audit } from "@/lib/audit";
import { emailTemplates } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { validateEmailTemplate } from "@/lib/messaging/templates";
import type { OpsCtx } from "@/lib/ops-context";
import { templateFields, templateKindSchema, templateLabels } from "./email-settings-schema";
import type { StoredEmailTemplate } from "./email-templates";

export const saveEmailTemplateSchema = z.object({ kind: templateKindSchema, ...templateFields });
export type SaveEmailTemplateInput = z.infer<typeof saveEmailTemplateSchema>;

/**
 * Saves the workspace's template for a kind (one row per kind, replaced on each save). Problems the validator finds
 * are a TEMPLATE_INVALID error on the field, in the same words the editor shows, and nothing is stored.
 */
export async function saveEmailTemplate(ctx: OpsCtx, raw: SaveEmailTemplateInput): Promise<StoredEmailTemplate> {
  const input = saveEmailTemplateSchema.parse(raw);
  const t = { subject: input.subject, body: input.body.replace(/\r\n?/g, "\n") };
  const [problem] = validateEmailTemplate(input.kind, t);
  if (problem) throw new AppError("TEMPLATE_INVALID", problem.field, problem.message);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(emailTemplates)
      .values({ workspaceId: w, kind: input.kind, ...t })
      .onConflictDoUpdate({ target: [emailTemplates.workspaceId, emailTemplates.kind], set: { ...t, updatedAt: new Date() } })
      .returning({ id: emailTemplates.id });
    await audit(tx, ctx, {
      action: "email_template.save",
      targetType: "email_template",
      targetId: row.id,
      summary: `Saved the ${templateLabels[input.kind].toLowerCase()} email template`,
      data: { kind: input.kind, subject: t.subject },
    });
    return { kind: input.kind, ...t, customised: true };
  });
}
