import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { kickOutbox, enqueueMessages, type OutgoingMessage } from "@/lib/messaging/outbox";
import { requireDefaultEmailProfile } from "@/lib/messaging/workspace-email";
import type { OpsCtx } from "@/lib/ops-context";
import { daysLeft } from "@/lib/portal/personal-links";
import { portalUrl as portalUrlOf } from "@/lib/portal/portal-url";
import { now as clockNow } from "@/lib/clock";
import { assertSendable, displayName, gateApplicants, phoneWarnings, requestForAccess } from "./applicant-readiness";
import { assertValidInvitation, getClientCentreTemplate, renderInvitation, SYSTEM_TAG_NAME } from "./client-centre-templates";
import { issueClientCentreLink } from "./issue-client-centre-link";
import { clientCentreTemplateTextSchema, saveClientCentreTemplate } from "./save-client-centre-template";

const MAX_RECIPIENTS = 200;

export const sendClientCentreInvitationSchema = z
  .object({
    requestId: z.uuid("That request does not exist."),
    contactIds: z
      .array(z.uuid("Select applicants from the list."))
      .max(MAX_RECIPIENTS, `Send to at most ${MAX_RECIPIENTS} applicants at once.`),
    templateId: z.uuid("Pick a template from the list.").optional(),
    /** "Save as template": also keep this edited copy as a new named template. */
    saveAsName: z.string().trim().max(100, "Keep the name under 100 characters.").optional(),
  })
  .and(clientCentreTemplateTextSchema);
export type SendClientCentreInvitationInput = z.input<typeof sendClientCentreInvitationSchema>;

export type SentInvitation = { contactId: string; name: string; email: string; messageId: string; phoneWarning: string | null };

/**
 * Sends Client Centre access for a request to the selected applicants: per applicant a new two-factor link (the
 * previous one stops working) and the email carrying it, all in one transaction, so a refusal for anyone sends to
 * no one. The subject and body are the admin's edited copy of the template, checked for the system tag.
 */
export async function sendClientCentreInvitation(
  ctx: OpsCtx,
  raw: SendClientCentreInvitationInput,
): Promise<{ sent: SentInvitation[]; savedTemplate?: { id: string } | { error: string } }> {
  const input = sendClientCentreInvitationSchema.parse(raw);
  const w = ctx.workspace.id;
  if (input.contactIds.length === 0) throw new AppError("NO_APPLICANTS_SELECTED", "contactIds");
  assertValidInvitation(input);
  const request = await requestForAccess(ctx.db, { workspaceId: w, requestId: input.requestId });
  assertSendable(request);
  if (input.templateId) await getClientCentreTemplate(ctx.db, { workspaceId: w, templateId: input.templateId });
  const profile = await requireDefaultEmailProfile(ctx.db, { workspaceId: w });
  const applicants = await gateApplicants(ctx.db, { workspaceId: w, opportunityId: request.opportunityId, contactIds: input.contactIds });
  const [ws] = await ctx.db.select({ name: workspaces.name, branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, w));
  const url = await portalUrlOf(ctx.db, ctx.workspace);
  const warn = await phoneWarnings(ctx.db, { workspaceId: w });
  const batchId = crypto.randomUUID();

  const sent = await ctx.db.transaction(async (tx) => {
    // Read again inside the transaction: a contact edited or removed from the opportunity meanwhile is refused.
    const fresh = await gateApplicants(tx, { workspaceId: w, opportunityId: request.opportunityId, contactIds: applicants.map((a) => a.id) });
    const out: SentInvitation[] = [];
    const emails: OutgoingMessage[] = [];
    for (const contact of fresh) {
      const link = await issueClientCentreLink(tx, { workspaceId: w, requestId: request.id, contact, delivery: "email", portalUrl: url });
      const b = ws.branding ?? {};
      const rendered = renderInvitation(
        input,
        {
          "contact.first_name": contact.firstName.trim(),
          "contact.last_name": contact.lastName.trim(),
          "workspace.name": b.portalName?.trim() || ws.name,
          "opportunity.name": request.opportunityName,
          "request.title": request.title,
          "request.due_date": request.dueAt ? formatDueDate(request.dueAt) : "",
          "link.expires_in_days": String(daysLeft(link.expiresAt, clockNow())),
          "portal.url": url,
          "support.email": b.supportEmail ?? "",
          [SYSTEM_TAG_NAME]: link.url,
        },
        b,
      );
      emails.push({
        workspaceId: w,
        channel: "email",
        to: contact.email!,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        fromName: profile.fromName,
        fromAddress: profile.fromAddress,
        replyTo: profile.replyTo ?? undefined,
        template: "client_centre.invitation",
        batchId,
        meta: { requestId: request.id, contactId: contact.id, linkId: link.linkId },
      });
      await audit(tx, ctx, {
        action: "client_centre.invite",
        targetType: "contact",
        targetId: contact.id,
        summary: `Sent Client Centre access for “${request.title}” to ${displayName(contact)} <${contact.email}>`,
        data: { requestId: request.id, linkId: link.linkId, templateId: input.templateId ?? null },
      });
      out.push({ contactId: contact.id, name: displayName(contact), email: contact.email!, messageId: "", phoneWarning: contact.phone ? warn(contact.phone) : null });
    }
    const ids = await enqueueMessages(tx, emails);
    ids.forEach((m, i) => (out[i].messageId = m.id));
    return out;
  });
  kickOutbox();
  if (!input.saveAsName) return { sent };
  // Kept apart from the send: a name clash must not undo emails that are already on their way; it is reported.
  try {
    return { sent, savedTemplate: await saveClientCentreTemplate(ctx, { name: input.saveAsName, subject: input.subject, body: input.body }) };
  } catch (e) {
    return { sent, savedTemplate: { error: e instanceof AppError ? e.message : "The template could not be saved." } };
  }
}

/** "15 Dec 2026", the way the portal writes dates: due dates are stored as the end of that UTC day, so format in UTC. */
export function formatDueDate(d: Date): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(d);
}
