import "server-only";
// A workspace's own wording for its client emails. A template that lost its system tag (the link or code the email
// exists to carry) is refused with the validator's words, so a saved template can always do its job.
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { emailTemplates, workspaces } from "@/lib/db/schema";
import { audit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { magicLinkDays } from "@/lib/portal/access-links";
import type { OpsCtx } from "@/lib/portal/ops-context";
import { portalUrl } from "@/lib/portal/portal-url";
import {
  resetEmailTemplateSchema,
  saveEmailTemplateSchema,
  templateLabels,
  type ResetEmailTemplateInput,
  type SaveEmailTemplateInput,
} from "@/components/admin/email-settings/schemas";
import { defaultEmailTemplates, emailTemplateKinds, validateEmailTemplate, type EmailTemplate, type EmailTemplateKind, type MergeValues } from "./templates";

export {
  resetEmailTemplateSchema,
  saveEmailTemplateSchema,
  type ResetEmailTemplateInput,
  type SaveEmailTemplateInput,
} from "@/components/admin/email-settings/schemas";

export type StoredEmailTemplate = EmailTemplate & { kind: EmailTemplateKind; customised: boolean };

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

/** Every kind's template as the workspace sends it (its own, or our default), for the editor. */
export async function listEmailTemplates(db: DbOrTx, p: { workspaceId: string }): Promise<Record<EmailTemplateKind, StoredEmailTemplate>> {
  const rows = await db
    .select({ kind: emailTemplates.kind, subject: emailTemplates.subject, body: emailTemplates.body })
    .from(emailTemplates)
    .where(eq(emailTemplates.workspaceId, p.workspaceId));
  const saved = new Map(rows.map((r) => [r.kind, r]));
  const out = {} as Record<EmailTemplateKind, StoredEmailTemplate>;
  for (const kind of emailTemplateKinds) {
    const row = saved.get(kind);
    out[kind] = row ? { kind, subject: row.subject, body: row.body, customised: true } : { kind, ...defaultEmailTemplates[kind], customised: false };
  }
  return out;
}

/**
 * What the editor's live preview renders with: the workspace's real name, colour, portal address and link lifetime,
 * and a sample client (Asha Rao) with sample links and code, so an admin sees the email their clients will get.
 */
export async function templatePreviewSamples(db: DbOrTx, ws: { id: string; slug: string }): Promise<{ values: MergeValues; color?: string; logoUrl?: string }> {
  const [row] = await db
    .select({ name: workspaces.name, branding: workspaces.branding, security: workspaces.securitySettings })
    .from(workspaces)
    .where(eq(workspaces.id, ws.id));
  const url = await portalUrl(db, ws);
  const b = row?.branding ?? {};
  return {
    color: b.primaryColor,
    logoUrl: b.logoUrl,
    values: {
      "contact.first_name": "Asha",
      "contact.last_name": "Rao",
      "contact.email": "asha.rao@example.com",
      "workspace.name": b.portalName?.trim() || row?.name || "",
      "portal.url": url,
      "portal.magic_link": `${url}/l/sample-personal-link`,
      "link.expires_in_days": String(magicLinkDays(row?.security?.magicLinkDays)),
      "sign_in.code": "482913",
      "sign_in.link": `${url}/l/sample-sign-in-link`,
      "support.email": b.supportEmail ?? "",
    },
  };
}
