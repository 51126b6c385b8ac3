"use server";
import { z } from "zod";
import { formatPhone } from "@/lib/validation/phone";
import { adminAction } from "@/lib/actions/admin-action";
import { formStateAction, withoutBlanks } from "@/lib/actions/form-state-action";
import { listContacts } from "@/lib/db/queries/contacts";
import { invitePortalUser, invitePortalUserSchema } from "@/lib/portal/invite-portal-user";
import { copyMagicLink, magicLinkSchema, regenerateMagicLink } from "@/lib/portal/magic-link";
import { revokeAccess, revokeAccessSchema } from "@/lib/portal/revoke-access";
import { sendLoginEmails, sendLoginEmailsSchema } from "@/lib/portal/send-login-emails";

export const inviteAction = adminAction(invitePortalUserSchema, "admin", invitePortalUser);
export const copyMagicLinkAction = adminAction(magicLinkSchema, "admin", copyMagicLink);
export const regenerateMagicLinkAction = adminAction(magicLinkSchema, "admin", regenerateMagicLink);
export const revokeAccessAction = adminAction(revokeAccessSchema, "admin", revokeAccess);
export const sendLoginEmailsAction = adminAction(sendLoginEmailsSchema, "admin", sendLoginEmails);

// Form POSTs (they work before hydration). Only the fields each action takes are passed on; `name` is posted for
// the message the page shows afterwards and never reaches the action.
export const inviteFormAction = formStateAction(inviteAction, { refresh: true, input: ({ contactId, email, firstName, lastName, userTypeId }) => withoutBlanks({ contactId, email, firstName, lastName, userTypeId }) });
export const resendInvitationFormAction = formStateAction(inviteAction, { refresh: true, input: ({ contactId }) => ({ contactId }) });
export const revokeAccessFormAction = formStateAction(revokeAccessAction, { refresh: true, input: ({ portalUserId }) => ({ portalUserId }) });
export const sendLoginEmailFormAction = formStateAction(sendLoginEmailsAction, { refresh: true, input: ({ portalUserId }) => ({ portalUserIds: [portalUserId] }) });

/** The invite form's contact picker: the first few contacts matching what was typed. */
export const searchContactsAction = adminAction(z.object({ q: z.string().max(100) }), "admin", async (ctx, { q }) => {
  const page = await listContacts(ctx.db, { workspaceId: ctx.workspace.id, q, sort: "name_asc", limit: 8 });
  return page.rows.map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}`.trim(), email: c.email, phone: c.phone ? formatPhone(c.phone, ctx.workspace.country) : null }));
});
