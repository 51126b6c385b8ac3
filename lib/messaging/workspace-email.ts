import "server-only";
// What a workspace's client emails are made of: its default email profile (the sender), its templates (or our
// defaults), its branding. Every portal email (invitation, login email, sign-in code or link) is composed here.
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db";
import { emailProfiles, emailTemplates, type Branding } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { OutgoingMessage } from "./outbox";
import { defaultEmailTemplates, renderEmailTemplate, type EmailTemplate, type EmailTemplateKind, type MergeValues } from "./templates";

export type EmailProfile = { id: string; fromName: string; fromAddress: string; replyTo: string | null };

/** The workspace's default sender, or null when none is set (client email is then refused, not sent from us). */
export async function getDefaultEmailProfile(db: DbOrTx, p: { workspaceId: string }): Promise<EmailProfile | null> {
  const [row] = await db
    .select({ id: emailProfiles.id, fromName: emailProfiles.fromName, fromAddress: emailProfiles.fromAddress, replyTo: emailProfiles.replyTo })
    .from(emailProfiles)
    .where(and(eq(emailProfiles.workspaceId, p.workspaceId), eq(emailProfiles.isDefault, true)))
    .limit(1);
  return row ?? null;
}

/** Like getDefaultEmailProfile, but a missing profile is the NO_EMAIL_PROFILE error the UI links to settings from. */
export async function requireDefaultEmailProfile(db: DbOrTx, p: { workspaceId: string }): Promise<EmailProfile> {
  const profile = await getDefaultEmailProfile(db, p);
  if (!profile) throw new AppError("NO_EMAIL_PROFILE");
  return profile;
}

/** The workspace's saved template for a kind, or our default; `customised` says which. */
export async function loadEmailTemplate(
  db: DbOrTx,
  p: { workspaceId: string; kind: EmailTemplateKind },
): Promise<EmailTemplate & { customised: boolean }> {
  const [row] = await db
    .select({ subject: emailTemplates.subject, body: emailTemplates.body })
    .from(emailTemplates)
    .where(and(eq(emailTemplates.workspaceId, p.workspaceId), eq(emailTemplates.kind, p.kind)))
    .limit(1);
  return row ? { ...row, customised: true } : { ...defaultEmailTemplates[p.kind], customised: false };
}

/** The merge values every portal email shares: who it is to, whose portal, where it lives. */
export function baseMergeValues(p: {
  workspace: { name: string; branding?: Branding | null };
  contact: { firstName: string | null; lastName: string | null; email: string | null };
  portalUrl: string;
}): MergeValues {
  const b = p.workspace.branding ?? {};
  return {
    "contact.first_name": p.contact.firstName?.trim() || "there",
    "contact.last_name": p.contact.lastName ?? "",
    "contact.email": p.contact.email ?? "",
    "workspace.name": b.portalName?.trim() || p.workspace.name,
    "portal.url": p.portalUrl,
    "support.email": b.supportEmail ?? "",
  };
}

/**
 * One client email ready for the outbox: the template rendered with the values, sent from the profile, in the
 * workspace's colour. The caller enqueues it in the transaction of the action that causes it.
 */
export function composePortalEmail(p: {
  workspaceId: string;
  to: string;
  kind: EmailTemplateKind;
  template: EmailTemplate;
  values: MergeValues;
  profile: EmailProfile | null;
  branding?: Branding | null;
  batchId?: string;
  meta?: Record<string, unknown>;
}): OutgoingMessage {
  const rendered = renderEmailTemplate(p.template, p.values, { color: p.branding?.primaryColor, logoUrl: p.branding?.logoUrl });
  return {
    workspaceId: p.workspaceId,
    channel: "email",
    to: p.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    fromName: p.profile?.fromName,
    fromAddress: p.profile?.fromAddress,
    replyTo: p.profile?.replyTo ?? undefined,
    template: `portal.${p.kind}`,
    batchId: p.batchId,
    meta: p.meta,
  };
}
