import "server-only";
import { z } from "zod";
import type { OpsCtx } from "@/lib/ops-context";
import { ensureDefaultTemplate } from "./client-centre-templates";
import { sendClientCentreInvitation, type SentInvitation } from "./send-client-centre-invitation";

export const resendClientCentreInvitationSchema = z.object({
  requestId: z.uuid("That request does not exist."),
  contactId: z.uuid("That applicant does not exist."),
});

/** "Resend": a new link by the default template to one applicant; the link they had stops working. */
export async function resendClientCentreInvitation(ctx: OpsCtx, raw: z.input<typeof resendClientCentreInvitationSchema>): Promise<SentInvitation> {
  const input = resendClientCentreInvitationSchema.parse(raw);
  const t = await ensureDefaultTemplate(ctx.db, { workspaceId: ctx.workspace.id });
  const r = await sendClientCentreInvitation(ctx, { requestId: input.requestId, contactIds: [input.contactId], templateId: t.id, subject: t.subject, body: t.body });
  return r.sent[0];
}
