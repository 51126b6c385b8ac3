import "server-only";
import { z } from "zod";
import { audit } from "@/lib/audit";
import type { OpsCtx } from "@/lib/ops-context";
import { portalUrl as portalUrlOf } from "@/lib/portal/portal-url";
import { assertSendable, displayName, gateApplicants, requestForAccess } from "./applicant-readiness";
import { issueClientCentreLink } from "./issue-client-centre-link";

export const copyClientCentreLinkSchema = z.object({
  requestId: z.uuid("That request does not exist."),
  contactId: z.uuid("Select a client from the list."),
});

/**
 * "Copy invitation → Copy link": a new two-factor link the admin pastes into their own email. It replaces the
 * client's previous link (same transaction) and, being the same two_factor kind, still asks for the code.
 */
export async function copyClientCentreLink(ctx: OpsCtx, raw: z.input<typeof copyClientCentreLinkSchema>) {
  const input = copyClientCentreLinkSchema.parse(raw);
  const w = ctx.workspace.id;
  const request = await requestForAccess(ctx.db, { workspaceId: w, requestId: input.requestId });
  assertSendable(request);
  const url = await portalUrlOf(ctx.db, ctx.workspace);
  return ctx.db.transaction(async (tx) => {
    const [contact] = await gateApplicants(tx, { workspaceId: w, opportunityId: request.opportunityId, contactIds: [input.contactId] });
    const link = await issueClientCentreLink(tx, { workspaceId: w, requestId: request.id, contact, delivery: "copied", portalUrl: url });
    await audit(tx, ctx, {
      action: "client_centre.copy_link",
      targetType: "contact",
      targetId: contact.id,
      summary: `Copied a Client Centre link for “${request.title}” for ${displayName(contact)}`,
      data: { requestId: request.id, linkId: link.linkId },
    });
    return { url: link.url, expiresAt: link.expiresAt, contactId: contact.id, name: displayName(contact) };
  });
}
