"use server";
import { z } from "zod";
import { adminAction } from "@/lib/actions/admin-action";
import { SLUG_FIELD } from "@/lib/actions/form-state";
import { assertSendable, gateApplicants, requestForAccess } from "@/lib/client-centre/applicant-readiness";
import { ensureDefaultTemplate, getClientCentreTemplate, splitBody } from "@/lib/client-centre/client-centre-templates";
import { sendClientCentreInvitation, sendClientCentreInvitationSchema } from "@/lib/client-centre/send-client-centre-invitation";
import type { ActionResult } from "@/lib/errors";
import type { InviteState } from "@/components/admin/client-centre/types";


const selection = z.object({ requestId: z.uuid(), contactIds: z.array(z.uuid("Select applicants from the list.")).max(200) });

// Step 1 → 2: the same gate the send applies, so a refusal shows on the screen it concerns; then the default template.
const checkSelection = adminAction(selection, "admin", async (ctx, input) => {
  const request = await requestForAccess(ctx.db, { workspaceId: ctx.workspace.id, requestId: input.requestId });
  assertSendable(request);
  await gateApplicants(ctx.db, { workspaceId: ctx.workspace.id, opportunityId: request.opportunityId, contactIds: input.contactIds });
  return ensureDefaultTemplate(ctx.db, { workspaceId: ctx.workspace.id });
});
const loadTemplate = adminAction(z.object({ templateId: z.uuid("Pick a template from the list.") }), "admin", (ctx, input) =>
  getClientCentreTemplate(ctx.db, { workspaceId: ctx.workspace.id, templateId: input.templateId }),
);
const send = adminAction(sendClientCentreInvitationSchema, "admin", sendClientCentreInvitation);

const errorOf = (r: ActionResult<unknown>): InviteState["error"] => (r.ok ? undefined : { code: r.code, message: r.message, fieldErrors: r.fieldErrors });

export async function inviteStepAction(prev: InviteState, data: FormData): Promise<InviteState> {
  const slug = String(data.get(SLUG_FIELD) ?? "");
  const str = (k: string) => {
    const v = data.get(k);
    return typeof v === "string" ? v.slice(0, 10_000) : "";
  };
  const requestId = str("requestId");
  const contactIds = data.getAll("contactIds").filter((v): v is string => typeof v === "string").slice(0, 201);
  const intent = str("intent");
  const typed = { contactIds, templateId: str("templateId") || undefined, subject: str("subject"), bodyBefore: str("bodyBefore"), bodyAfter: str("bodyAfter"), saveAsName: str("saveAsName") };

  if (intent === "back") return { step: 1, contactIds };
  if (intent === "next") {
    const r = await checkSelection(slug, { requestId, contactIds });
    if (!r.ok) return { step: 1, contactIds, error: errorOf(r) };
    return { step: 2, contactIds, templateId: r.data.id, subject: r.data.subject, ...splitBody(r.data.body) };
  }
  if (intent === "template") {
    const r = await loadTemplate(slug, { templateId: typed.templateId ?? "" });
    if (!r.ok) return { ...typed, step: 2, error: errorOf(r) };
    return { step: 2, contactIds, templateId: r.data.id, subject: r.data.subject, ...splitBody(r.data.body) };
  }
  if (intent === "send") {
    const r = await send(slug, {
      requestId,
      contactIds,
      templateId: typed.templateId,
      subject: typed.subject,
      bodyBefore: typed.bodyBefore,
      bodyAfter: typed.bodyAfter,
      saveAsName: typed.saveAsName.trim() || undefined,
    });
    if (!r.ok) return { ...typed, step: 2, error: errorOf(r) };
    return { step: 3, contactIds: [], sent: r.data.sent, savedTemplate: r.data.savedTemplate };
  }
  return prev;
}
