import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { audit } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import { contacts, documents, requestResponses, requests, workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { emailLayout } from "@/lib/messaging/email/layout";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import { baseMergeValues, getDefaultEmailProfile } from "@/lib/messaging/workspace-email";
import type { OpsCtx } from "@/lib/ops-context";
import { portalUrl } from "@/lib/portal/portal-url";
import type { ReviewDocumentInput } from "./review-document.schema";

export { reviewDocumentSchema, type ReviewDocumentInput } from "./review-document.schema";

type Result = { documentId: string; status: "approved" | "rejected"; emailed: boolean };

/**
 * Approves a document, or rejects it with a reason the client reads. A rejection re-opens that applicant's response
 * (so they can upload again and submit again) and emails them the reason with the portal's address (never a new
 * sign-in link: the portal asks for both factors as always), all in one transaction. Rejecting an already rejected
 * document again changes nothing and sends nothing.
 */
export async function reviewDocument(ctx: OpsCtx, input: ReviewDocumentInput): Promise<Result> {
  const reason = input.reason?.trim() ?? "";
  if (input.decision === "reject" && !reason) throw new AppError("REVIEW_REASON_REQUIRED", "reason");
  const result = await ctx.db.transaction(async (tx): Promise<Result> => {
    const [doc] = await tx
      .select({ id: documents.id, name: documents.name, status: documents.reviewStatus, reason: documents.reviewReason, requestId: documents.requestId, contactId: documents.contactId })
      .from(documents)
      .where(and(eq(documents.id, input.documentId), eq(documents.workspaceId, ctx.workspace.id), isNull(documents.deletedAt)))
      .for("update");
    if (!doc || !doc.requestId || !doc.contactId) throw new AppError("NOT_FOUND", undefined, "That document does not exist, or the client removed it.");
    const status = input.decision === "approve" ? "approved" : "rejected";
    if (doc.status === status && (status === "approved" || doc.reason === reason)) return { documentId: doc.id, status, emailed: false };
    const [req] = await tx.select({ id: requests.id, title: requests.title }).from(requests).where(and(eq(requests.id, doc.requestId), eq(requests.workspaceId, ctx.workspace.id)));
    await tx
      .update(documents)
      .set({ reviewStatus: status, reviewReason: status === "rejected" ? reason : null, reviewedAt: new Date(), reviewedBy: ctx.user.id })
      .where(and(eq(documents.id, doc.id), eq(documents.workspaceId, ctx.workspace.id)));
    let emailed = false;
    if (status === "rejected") {
      await tx
        .update(requestResponses)
        .set({ submittedAt: null })
        .where(and(eq(requestResponses.requestId, doc.requestId), eq(requestResponses.contactId, doc.contactId), eq(requestResponses.workspaceId, ctx.workspace.id)));
      // A second rejection with a new reason tells the client the new reason; an unchanged one was returned above.
      emailed = await emailRejection(tx, ctx, { contactId: doc.contactId, documentName: doc.name, requestTitle: req?.title ?? "", reason });
    }
    await audit(tx, ctx, {
      action: status === "approved" ? "document.approve" : "document.reject",
      targetType: "document",
      targetId: doc.id,
      summary: `${status === "approved" ? "Approved" : "Rejected"} ${doc.name} on request "${req?.title ?? ""}"`,
      data: { requestId: doc.requestId, contactId: doc.contactId, ...(status === "rejected" ? { reason, emailed } : {}) },
    });
    return { documentId: doc.id, status, emailed };
  });
  if (result.emailed) kickOutbox();
  return result;
}

/** "A document needs your attention": queued in the review's transaction; false when the contact has no email. */
async function emailRejection(tx: Tx, ctx: OpsCtx, p: { contactId: string; documentName: string; requestTitle: string; reason: string }): Promise<boolean> {
  const [c] = await tx
    .select({ firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.id, p.contactId), eq(contacts.workspaceId, ctx.workspace.id)));
  if (!c?.email) return false;
  const [ws] = await tx.select({ name: workspaces.name, branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, ctx.workspace.id));
  const url = await portalUrl(tx, ctx.workspace);
  const profile = await getDefaultEmailProfile(tx, { workspaceId: ctx.workspace.id });
  const v = baseMergeValues({ workspace: ws, contact: c, portalUrl: url });
  const subject = "A document needs your attention";
  const paragraphs = [
    `Hi ${v["contact.first_name"]},`,
    `${v["workspace.name"]} looked at the document "${p.documentName}" you uploaded for "${p.requestTitle}" and needs a new one:`,
    p.reason,
    "Sign in to upload it again, then submit the request once more.",
  ];
  const support = v["support.email"];
  await enqueueMessages(tx, [
    {
      workspaceId: ctx.workspace.id,
      channel: "email",
      to: c.email,
      subject,
      text: `${paragraphs.join("\n\n")}\n\n${url}`,
      html: emailLayout({
        title: subject,
        paragraphs,
        button: { label: "Open the portal", url },
        color: ws.branding?.primaryColor,
        brand: { name: v["workspace.name"], logoUrl: ws.branding?.logoUrl },
        footer: support ? `Questions? Write to ${support}.` : undefined,
      }),
      fromName: profile?.fromName,
      fromAddress: profile?.fromAddress,
      replyTo: profile?.replyTo ?? undefined,
      template: "client_centre.document_rejected",
      meta: { contactId: p.contactId },
    },
  ]);
  return true;
}
