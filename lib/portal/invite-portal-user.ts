import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { EMAIL_MESSAGE, isValidEmail } from "@/lib/contacts/contact-schema";
import { contactConflict } from "@/lib/contacts/contact-values";
import type { Tx } from "@/lib/db";
import { contacts, portalUsers, portalUserTypes } from "@/lib/db/schema";
import { AppError, errorMessages } from "@/lib/errors";
import { kickOutbox } from "@/lib/messaging/outbox";
import type { OpsCtx } from "@/lib/ops-context";
import { formatIndianMobile, normalizeIndianMobile } from "@/lib/validation/phone";
import { channelOf } from "./identifier";
import { notifyPortalUsers } from "./notify-portal-user";
import { personalLinks } from "./personal-links";
import { portalUrl } from "./portal-url";
import { resolveUserType } from "./user-types";

// The invite form has one box for "contact, email or mobile number": a typed number arrives as `email` and is
// moved to `phone` here, so the plain form works before its JavaScript loads.
const numberTypedAsEmail = (v: unknown) => {
  if (!v || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if (typeof o.email === "string" && !o.phone && /^[+(\d][\d\s().+-]*$/.test(o.email.trim())) return { ...o, email: undefined, phone: o.email };
  return v;
};

export const invitePortalUserSchema = z.preprocess(
  numberTypedAsEmail,
  z
  .object({
    contactId: z.uuid("Pick a contact from the list.").optional(),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, "Email addresses are at most 254 characters.")
      .refine((v) => v === "" || isValidEmail(v), EMAIL_MESSAGE)
      .optional(),
    // An Indian mobile number, for user types that invite by phone: spaces, dashes, a leading 0, 91 or +91 are fine.
    phone: z
      .string()
      .trim()
      .max(40, errorMessages.PHONE_NOT_INDIAN_MOBILE)
      .refine((v) => v === "" || normalizeIndianMobile(v) !== null, errorMessages.PHONE_NOT_INDIAN_MOBILE)
      .transform((v) => (v === "" ? undefined : normalizeIndianMobile(v)!))
      .optional(),
    firstName: z.string().trim().max(100, "Keep the first name under 100 characters.").optional(),
    lastName: z.string().trim().max(100, "Keep the last name under 100 characters.").optional(),
    userTypeId: z.uuid("Pick a user type.").optional(),
  })
  .refine((v) => v.contactId || v.email || v.phone, { path: ["email"], message: "Pick a contact, or type an email address or mobile number." }),
);
export type InvitePortalUserInput = z.input<typeof invitePortalUserSchema>;

export type InviteResult = {
  portalUserId: string;
  contactId: string;
  outcome: "invited" | "reinvited" | "restored";
  contactCreated: boolean;
  messageId: string;
  channel: "email" | "sms";
  /** Where the invitation went, as the admin reads it: the address, or the number grouped (+91 98765 43210). */
  to: string;
};

/**
 * "Invite to client portal" (and "Resend invitation"): finds or creates the contact, makes them a portal user of the
 * chosen type (a revoked one is restored), and queues the invitation carrying their personal link on the channel
 * the type invites by (email from the default profile, or SMS through the DLT-mapped template), all in one
 * transaction. What the channel needs and is missing (an email profile, the contact's email or mobile number, SMS
 * set-up or credits) refuses the whole invitation with the error that says so, and nothing changes.
 */
export async function invitePortalUser(ctx: OpsCtx, raw: InvitePortalUserInput): Promise<InviteResult> {
  const input = invitePortalUserSchema.parse(raw);
  const w = ctx.workspace.id;
  const url = await portalUrl(ctx.db, ctx.workspace);
  try {
    const result = await ctx.db.transaction(async (tx) => {
      const { contact, created } = await findOrCreateContact(tx, ctx, input);
      // Without a type picked, a re-invitation keeps the client's own type (and so their channel); a new one gets the default.
      const [current] = input.userTypeId
        ? []
        : await tx
            .select({ userTypeId: portalUsers.userTypeId })
            .from(portalUsers)
            .where(and(eq(portalUsers.workspaceId, w), eq(portalUsers.contactId, contact.id)));
      const resolved = await resolveUserType(tx, { workspaceId: w, userTypeId: input.userTypeId ?? current?.userTypeId });
      // Shares the type row's lock with a change of its invitation preference, which may happen only while the type
      // has no users: an invitation and that change take turns, so neither sees the other half-done. The preference
      // is read again under the lock: the one read above may be from before a change that has just committed.
      const [type] = await tx
        .select({ id: portalUserTypes.id, invitationPreference: portalUserTypes.invitationPreference })
        .from(portalUserTypes)
        .where(and(eq(portalUserTypes.workspaceId, w), eq(portalUserTypes.id, resolved.id)))
        .for("share");
      if (!type) throw new AppError("NOT_FOUND", "userTypeId", "That user type does not exist in this workspace.");
      const channel = channelOf(type.invitationPreference);
      if (channel === "email" && !contact.email) throw new AppError("VALIDATION_NO_EMAIL", "contactId");
      if (channel === "sms") {
        if (!contact.phone) throw new AppError("VALIDATION_NO_PHONE", "contactId");
        if (!normalizeIndianMobile(contact.phone)) throw new AppError("SMS_COUNTRY_NOT_ALLOWED", "contactId");
      }

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

      const link = (await personalLinks(tx, { workspaceId: w, portalUserIds: [before.id], kind: "invitation", short: channel === "sms" })).get(before.id);
      if (!link) throw new AppError("ACCESS_REVOKED");
      const recipient = { portalUserId: before.id, ...contact, preference: type.invitationPreference };
      const [msg] = await notifyPortalUsers(tx, { workspaceId: w, portalUrl: url, kind: "invitation", items: [{ to: recipient, notice: { kind: "invitation", link } }] });
      const shown = channel === "sms" ? formatIndianMobile(msg.to) : msg.to;
      await audit(tx, ctx, {
        action: outcome === "invited" ? "portal_user.invite" : outcome === "restored" ? "portal_user.restore" : "portal_user.reinvite",
        targetType: "portal_user",
        targetId: before.id,
        summary: `${outcome === "invited" ? "Invited" : outcome === "restored" ? "Restored access for" : "Re-sent the invitation to"} ${shown}${channel === "sms" ? " (by SMS)" : ""}`,
      });
      return { portalUserId: before.id, contactId: contact.id, outcome, contactCreated: created, messageId: msg.id, channel, to: shown };
    });
    kickOutbox();
    return result;
  } catch (e) {
    throw contactConflict(e);
  }
}

type ContactRow = { id: string; firstName: string; lastName: string; email: string | null; phone: string | null };
type ParsedInput = z.output<typeof invitePortalUserSchema>;

async function findOrCreateContact(tx: Tx, ctx: OpsCtx, input: ParsedInput): Promise<{ contact: ContactRow; created: boolean }> {
  const w = ctx.workspace.id;
  const cols = { id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone };
  if (input.contactId) {
    const [row] = await tx.select(cols).from(contacts).where(and(eq(contacts.workspaceId, w), eq(contacts.id, input.contactId)));
    if (!row) throw new AppError("NOT_FOUND", "contactId", "That contact does not exist in this workspace.");
    return { contact: row, created: false };
  }
  // A typed email finds its contact by email, a typed number by number; a new contact gets both when both were typed.
  const email = input.email || null;
  const phone = input.phone ?? null;
  const [existing] = await tx
    .select(cols)
    .from(contacts)
    .where(and(eq(contacts.workspaceId, w), email ? eq(contacts.email, email) : eq(contacts.phone, phone!)));
  if (existing) return { contact: existing, created: false };
  const firstName = input.firstName || (email ? email.split("@")[0].slice(0, 100) : "");
  if (!firstName) throw new AppError("VALIDATION_FAILED", "firstName", "Enter the client's first name: the text message greets them by it.");
  const [row] = await tx
    .insert(contacts)
    .values({ workspaceId: w, createdBy: ctx.user.id, firstName, lastName: input.lastName ?? "", email, phone, company: "" })
    .returning(cols);
  const shown = email ?? formatIndianMobile(phone!);
  await audit(tx, ctx, { action: "contact.create", targetType: "contact", targetId: row.id, summary: `Added contact ${shown} (portal invitation)` });
  return { contact: row, created: true };
}
