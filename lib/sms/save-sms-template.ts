import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import { getDltTemplate, getSmsWorkspace, listSenderIds, listWhitelist } from "@/lib/db/queries/sms";
import { senderIds, smsTemplates } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OpsCtx } from "@/lib/ops-context";
import { portalUrl } from "@/lib/portal/portal-url";
import { dltVariableCount } from "./dlt-match";
import { MSG91_VAR, normaliseSenderId } from "./sender-id";
import { checkSmsMapping, parseMsg91Vars } from "./sms-mapping";
import { smsStatics } from "./sms-state";
import { normaliseSmsText, SMS_BODY_MAX, smsTemplateKinds, smsTemplateLabels, validateSmsTemplate, type SmsTemplateKind } from "./sms-templates";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const smsTemplateKindSchema = z.enum(smsTemplateKinds, { message: "Pick one of the SMS templates." });

export const saveSmsTemplateSchema = z.object({
  kind: smsTemplateKindSchema,
  // Not trimmed: DLT compares every character, spaces included. Line endings are the SMS's own (LF).
  body: z.string().max(SMS_BODY_MAX, `Keep the message to ${SMS_BODY_MAX.toLocaleString("en")} characters or fewer.`).transform(normaliseSmsText),
  /** Our DLT template row id, or its DLT template ID (digits); blank saves the text alone, not mapped. */
  dltTemplateId: z.string().trim().max(64).optional(),
  senderId: z.string().trim().max(40).optional(),
  msg91TemplateId: z
    .string()
    .trim()
    .max(64, "An MSG91 template ID is at most 64 characters.")
    .refine((s) => s === "" || /^[A-Za-z0-9_-]+$/.test(s), "Copy the MSG91 template ID as MSG91 shows it: letters and digits, e.g. 65f1a2b3c4d5e6f708192a3b.")
    .optional(),
  /** MSG91's names for the DLT variables in order ("var1, var2" or a list); blank gives var1..varN. */
  msg91Vars: z.union([z.string().max(500), z.array(z.string().max(30)).max(30)]).optional(),
});
export type SaveSmsTemplateInput = z.input<typeof saveSmsTemplateSchema>;

export type SavedSmsTemplate = {
  kind: SmsTemplateKind;
  body: string;
  dltTemplateId: string | null;
  senderId: string | null;
  msg91TemplateId: string | null;
  msg91Vars: string[] | null;
  customised: true;
};

/**
 * Saves a workspace's SMS text and, when a DLT template is chosen, its mapping. A mapping is saved only when the SMS
 * could go out as it is: the DLT template is this workspace's and approved, its header is the chosen (registered)
 * sender ID, the text equals the DLT content exactly (static fields written in, each variable filled by one field of a
 * compatible type), no variable can pass 30 characters, a TEXT template holds only GSM characters, and every link is
 * whitelisted. Otherwise the first problem is refused on its field, and nothing is stored.
 */
export async function saveSmsTemplate(ctx: OpsCtx, raw: SaveSmsTemplateInput): Promise<SavedSmsTemplate> {
  const input = saveSmsTemplateSchema.parse(raw);
  const w = ctx.workspace.id;
  return ctx.db.transaction(async (tx) => {
    const ws = await getSmsWorkspace(tx, { workspaceId: w });
    if (!ws) throw new AppError("WORKSPACE_NOT_FOUND");
    const statics = smsStatics(ws, await portalUrl(tx, ws));
    const wanted = input.dltTemplateId ?? "";
    let saved: Omit<SavedSmsTemplate, "kind" | "body" | "customised">;
    if (!wanted) {
      const [problem] = validateSmsTemplate(input.kind, input.body, { portalUrl: statics["portal.url"] });
      if (problem) throw new AppError(problem.code, problem.field, problem.message);
      saved = { dltTemplateId: null, senderId: null, msg91TemplateId: null, msg91Vars: null };
    } else {
      const dlt = UUID.test(wanted)
        ? await getDltTemplate(tx, { workspaceId: w, id: wanted })
        : /^\d{1,30}$/.test(wanted)
          ? await getDltTemplate(tx, { workspaceId: w, templateId: wanted })
          : null;
      const sender = input.senderId ? normaliseSenderId(input.senderId) : null;
      if (sender) await lockSender(tx, w, sender);
      const names = typeof input.msg91Vars === "string" || input.msg91Vars === undefined
        ? parseMsg91Vars(input.msg91Vars ?? "", dlt ? dltVariableCount(dlt.content) : 0)
        : input.msg91Vars.map((s) => s.trim()).filter(Boolean);
      const badName = names.find((n) => !MSG91_VAR.test(n));
      if (badName !== undefined) throw new AppError("TEMPLATE_INVALID", "msg91Vars", `"${badName}" is not an MSG91 variable name: use letters, digits and _ (starting with a letter), as in MSG91's ##name##.`);
      if (new Set(names).size !== names.length) throw new AppError("TEMPLATE_INVALID", "msg91Vars", "Each MSG91 variable name may appear once: MSG91 fills each DLT variable from its own name.");
      const [senders, whitelist] = await Promise.all([listSenderIds(tx, { workspaceId: w }), listWhitelist(tx, { workspaceId: w })]);
      const check = checkSmsMapping({
        kind: input.kind,
        body: input.body,
        statics,
        dlt,
        dltRequested: true,
        senderId: sender,
        senderIds: senders.map((s) => s.senderId),
        msg91TemplateId: input.msg91TemplateId || null,
        msg91Vars: names,
        whitelist: whitelist.map((x) => ({ url: x.url, kind: x.kind === "dynamic" ? "dynamic" : "static" })),
      });
      const [problem] = check.problems;
      if (problem) throw new AppError(problem.code, problem.field, problem.message);
      saved = { dltTemplateId: dlt!.id, senderId: sender, msg91TemplateId: input.msg91TemplateId!, msg91Vars: names };
    }
    const values = { body: input.body, ...saved };
    const [row] = await tx
      .insert(smsTemplates)
      .values({ workspaceId: w, kind: input.kind, ...values })
      .onConflictDoUpdate({ target: [smsTemplates.workspaceId, smsTemplates.kind], set: { ...values, updatedAt: new Date() } })
      .returning({ id: smsTemplates.id });
    await audit(tx, ctx, {
      action: "sms_template.save",
      targetType: "sms_template",
      targetId: row.id,
      summary: `Saved the ${smsTemplateLabels[input.kind].toLowerCase()} SMS template${saved.dltTemplateId ? `, mapped to DLT template ${wanted}` : " (not mapped)"}`,
      data: { kind: input.kind, ...values },
    });
    return { kind: input.kind, ...values, customised: true };
  });
}

/** Holds the sender ID row while the mapping is saved, so removing the header cannot cross this save. */
async function lockSender(tx: Tx, workspaceId: string, senderId: string) {
  await tx.select({ id: senderIds.id }).from(senderIds).where(and(eq(senderIds.workspaceId, workspaceId), eq(senderIds.senderId, senderId))).for("share");
}
