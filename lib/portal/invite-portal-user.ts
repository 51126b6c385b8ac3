import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { EMAIL_MESSAGE, isValidEmail } from "@/lib/contacts/contact-schema";
import { contactConflict } from "@/lib/contacts/contact-values";
import type { Tx } from "@/lib/db";
import { contacts, portalUsers, workspaces } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { enqueueMessages, kickOutbox } from "@/lib/messaging/outbox";
import { baseMergeValues, composePortalEmail, loadEmailTemplate, requireDefaultEmailProfile } from "@/lib/messaging/workspace-email";
import type { OpsCtx } from "@/lib/ops-context";
import { daysLeft, personalLinks } from "./personal-links";
import { portalUrl } from "./portal-url";
import { resolveUserType } from "./user-types";

export const invitePortalUserSchema = z
  .object({
    contactId: z.uuid("Pick a contact from the list.").optional(),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, "Email addresses are at most 254 characters.")
      .refine((v) => v === "" || isValidEmail(v), EMAIL_MESSAGE)
      .optional(),
    firstName: z.string().trim().max(100, "Keep the first name under 100 characters.").optional(),
    lastName: z.string().trim().max(100, "Keep the last name under 100 characters.").optional(),
    userTypeId: z.uuid("Pick a user type.").optional(),
  })
  .refine((v) => v.contactId || v.email, { path: ["email"], message: "Pick a contact or type an email address." });
export type InvitePortalUserInput = z.infer<typeof invitePortalUserSchema>;

export type InviteResult = {
  portalUserId: string;
  contactId: string;
  outcome: "invited" | "reinvited" | "restored";
  contactCreated: boolean;
  messageId: string;
};

/**
 * "Invite to client portal" (and "Resend invitation"): finds or creates the contact, makes them a portal user of the
 * chosen type (a revoked one is restored), and queues the invitation email from the default email profile carrying
 * their personal link, all in one transaction. Without a default email profile nothing happens: NO_EMAIL_PROFILE.
 */
export async function invitePortalUser(ctx: OpsCtx, input: InvitePortalUserInput): Promise<InviteResult> {
  const w = ctx.workspace.id;
  const profile = await requireDefaultEmailProfile(ctx.db, { workspaceId: w });
  const url = await portalUrl(ctx.db, ctx.workspace);
  const template = await loadEmailTemplate(ctx.db, { workspaceId: w, kind: "invitation" });
  try {
    const result = await ctx.db.transaction(async (tx) => {
      const { contact, created } = await findOrCreateContact(tx, ctx, input);
      if (!contact.email) throw new AppError("VALIDATION_NO_EMAIL", "contactId");
      const type = await resolveUserType(tx, { workspaceId: w, userTypeId: input.userTypeId });
      if (type.invitationPreference !== "email") throw new AppError("USER_TYPE_SMS", "userTypeId");

      const inserted = await tx
        .insert(portalUsers)
        .values({ workspaceId: w, contactId: contact.id, userTypeId: type.id })
        .onConflictDoNothing({ target: [portalUsers.workspaceId, portalUsers.contactId] })
        .returning({ id: portalUsers.id });
      const [before] = await tx
        .select({ id: portalUsers.id, status: portalUsers.status, joinedAt: portalUsers.joinedAt })
        .from(portalUsers)
        .where(and(eq(portalUsers.workspaceId, w), eq(portalUsers.contactId, contact.id)))
        .for("update");
      let outcome: InviteResult["outcome"] = inserted.length > 0 ? "invited" : "reinvited";
      if (before.status === "revoked") {
        outcome = "restored";
        await tx
          .update(portalUsers)
          .set({ status: before.joinedAt ? "joined" : "invited", revokedAt: null, invitedAt: new Date(), userTypeId: type.id })
          .where(and(eq(portalUsers.workspaceId, w), eq(portalUsers.id, before.id)));
      } else if (input.userTypeId) {
        await tx.update(portalUsers).set({ userTypeId: type.id }).where(and(eq(portalUsers.workspaceId, w), eq(portalUsers.id, before.id)));
      }

      const link = (await personalLinks(tx, { workspaceId: w, portalUserIds: [before.id], kind: "invitation" })).get(before.id);
      if (!link) throw new AppError("ACCESS_REVOKED");
      const [ws] = await tx.select({ name: workspaces.name, branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, w));
      const values = {
        ...baseMergeValues({ workspace: ws, contact, portalUrl: url }),
        "portal.magic_link": `${url}/l/${link.token}`,
        "link.expires_in_days": String(daysLeft(link.expiresAt)),
      };
      const [msg] = await enqueueMessages(tx, [
        composePortalEmail({
          workspaceId: w,
          to: contact.email,
          kind: "invitation",
          template,
          values,
          profile,
          branding: ws.branding,
          meta: { portalUserId: before.id },
        }),
      ]);
      await audit(tx, ctx, {
        action: outcome === "invited" ? "portal_user.invite" : outcome === "restored" ? "portal_user.restore" : "portal_user.reinvite",
        targetType: "portal_user",
        targetId: before.id,
        summary: `${outcome === "invited" ? "Invited" : outcome === "restored" ? "Restored access for" : "Re-sent the invitation to"} ${contact.email}`,
      });
      return { portalUserId: before.id, contactId: contact.id, outcome, contactCreated: created, messageId: msg.id };
    });
    kickOutbox();
    return result;
  } catch (e) {
    throw contactConflict(e);
  }
}

type ContactRow = { id: string; firstName: string; lastName: string; email: string | null };

async function findOrCreateContact(tx: Tx, ctx: OpsCtx, input: InvitePortalUserInput): Promise<{ contact: ContactRow; created: boolean }> {
  const w = ctx.workspace.id;
  const cols = { id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email };
  if (input.contactId) {
    const [row] = await tx.select(cols).from(contacts).where(and(eq(contacts.workspaceId, w), eq(contacts.id, input.contactId)));
    if (!row) throw new AppError("NOT_FOUND", "contactId", "That contact does not exist in this workspace.");
    return { contact: row, created: false };
  }
  const email = input.email!;
  const [existing] = await tx.select(cols).from(contacts).where(and(eq(contacts.workspaceId, w), eq(contacts.email, email)));
  if (existing) return { contact: existing, created: false };
  const firstName = input.firstName || email.split("@")[0].slice(0, 100);
  const [row] = await tx
    .insert(contacts)
    .values({ workspaceId: w, createdBy: ctx.user.id, firstName, lastName: input.lastName ?? "", email, phone: null, company: "" })
    .returning(cols);
  await audit(tx, ctx, { action: "contact.create", targetType: "contact", targetId: row.id, summary: `Added contact ${email} (portal invitation)` });
  return { contact: row, created: true };
}
