import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { smsTemplates } from "@/lib/db/schema";
import type { OpsCtx } from "@/lib/ops-context";
import { smsTemplateKindSchema } from "./save-sms-template";
import { defaultSmsTemplates, smsTemplateLabels, type SmsTemplateKind } from "./sms-templates";

export const resetSmsTemplateSchema = z.object({ kind: smsTemplateKindSchema });
export type ResetSmsTemplateInput = z.infer<typeof resetSmsTemplateSchema>;

/** Drops the workspace's text and mapping for a kind: our default text comes back, unmapped until mapped again. */
export async function resetSmsTemplate(ctx: OpsCtx, raw: ResetSmsTemplateInput): Promise<{ kind: SmsTemplateKind; body: string; customised: false }> {
  const { kind } = resetSmsTemplateSchema.parse(raw);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(smsTemplates)
      .where(and(eq(smsTemplates.workspaceId, ctx.workspace.id), eq(smsTemplates.kind, kind)))
      .returning({ id: smsTemplates.id });
    if (!row) return;
    await audit(tx, ctx, { action: "sms_template.reset", targetType: "sms_template", targetId: row.id, summary: `Reset the ${smsTemplateLabels[kind].toLowerCase()} SMS template to the default`, data: { kind } });
  });
  return { kind, body: defaultSmsTemplates[kind], customised: false };
}
