import "server-only";
// The editor's view of a workspace's templates: its own where it saved one, our default elsewhere, and the sample
// values the live preview renders with.
import type { DbOrTx } from "@/lib/db";
import { getWorkspaceLook, listSavedEmailTemplates } from "@/lib/db/queries/email-settings";
import { defaultEmailTemplates, emailTemplateKinds, type EmailTemplate, type EmailTemplateKind, type MergeValues } from "@/lib/messaging/templates";
import { magicLinkDays } from "@/lib/portal/access-links";
import { portalUrl } from "@/lib/portal/portal-url";

export type StoredEmailTemplate = EmailTemplate & { kind: EmailTemplateKind; customised: boolean };

/** Every kind's template as the workspace sends it (its own, or our default), for the editor. */
export async function listEmailTemplates(db: DbOrTx, p: { workspaceId: string }): Promise<Record<EmailTemplateKind, StoredEmailTemplate>> {
  const saved = new Map((await listSavedEmailTemplates(db, p)).map((r) => [r.kind, r]));
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
  const row = await getWorkspaceLook(db, { workspaceId: ws.id });
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
      "notice.link": `${url}/documents`,
      "notice.count": "3 documents",
      "notice.items": "Welcome pack.pdf, Price list.pdf and 1 more",
      "support.email": b.supportEmail ?? "",
    },
  };
}
