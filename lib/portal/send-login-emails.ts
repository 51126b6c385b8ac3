import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { contactSearchFilter } from "@/lib/db/queries/contacts";
import { portalRecipients, type PortalRecipientRow } from "@/lib/db/queries/portal-users";
import { portalUsers } from "@/lib/db/schema";
import { kickOutbox } from "@/lib/messaging/outbox";
import type { OpsCtx } from "@/lib/ops-context";
import { formatIndianMobile } from "@/lib/validation/phone";
import { addressOf, notifyPortalUsers, type Notice } from "./notify-portal-user";
import { personalLinks } from "./personal-links";
import { portalUrl } from "./portal-url";

export const MAX_LOGIN_EMAILS = 10_000;

export const sendLoginEmailsSchema = z
  .object({
    portalUserIds: z
      .array(z.uuid("That portal user does not exist."))
      .max(MAX_LOGIN_EMAILS, `Send to at most ${MAX_LOGIN_EMAILS.toLocaleString("en")} people at once.`)
      .optional(),
    // "All N matching": the current tab and search instead of a list of ids.
    filter: z.object({ status: z.enum(["invited", "joined"]), q: z.string().max(100).optional() }).optional(),
  })
  .refine((v) => (v.portalUserIds?.length ?? 0) > 0 || v.filter, { path: ["portalUserIds"], message: "Select at least one person." });
export type SendLoginEmailsInput = z.infer<typeof sendLoginEmailsSchema>;

export type Skipped = { portalUserId: string; name: string; reason: string };
export type SendLoginEmailsResult = { batchId: string; queued: number; skipped: Skipped[] };

/**
 * "Send login email" to one or many portal users: each gets a message carrying their personal link (the current
 * one, or a new one) on their channel: an email, or an SMS for users of a type that invites by phone. Every message
 * is queued in one transaction with one batch id, which the progress bar follows; revoked users and contacts without
 * an address on their channel are skipped and reported, never silently dropped.
 */
export async function sendLoginEmails(ctx: OpsCtx, input: SendLoginEmailsInput): Promise<SendLoginEmailsResult> {
  const w = ctx.workspace.id;
  const url = await portalUrl(ctx.db, ctx.workspace);
  const batchId = randomUUID();

  const result = await ctx.db.transaction(async (tx) => {
    let targets: PortalRecipientRow[] = [];
    if (input.portalUserIds?.length) {
      const ids = [...new Set(input.portalUserIds)];
      for (let i = 0; i < ids.length; i += 5000) {
        targets.push(...(await portalRecipients(tx, { workspaceId: w, where: inArray(portalUsers.id, ids.slice(i, i + 5000)) })));
      }
    } else if (input.filter) {
      targets = await portalRecipients(tx, {
        workspaceId: w,
        where: and(eq(portalUsers.status, input.filter.status), contactSearchFilter(input.filter.q)),
        limit: MAX_LOGIN_EMAILS + 1,
      });
      if (targets.length > MAX_LOGIN_EMAILS) targets = targets.slice(0, MAX_LOGIN_EMAILS); // the schema's cap holds here too
    }

    const skipped: Skipped[] = [];
    const name = (t: PortalRecipientRow) => `${t.firstName} ${t.lastName}`.trim() || t.email || t.phone || "Unnamed";
    const eligible = targets.filter((t) => {
      const { channel, to } = addressOf(t);
      if (t.status === "revoked") skipped.push({ portalUserId: t.portalUserId, name: name(t), reason: "Access revoked" });
      else if (!to) skipped.push({ portalUserId: t.portalUserId, name: name(t), reason: channel === "sms" ? "No mobile number" : "No email address" });
      else return true;
      return false;
    });

    // SMS carry short link tokens (they must fit a 30-character DLT variable), email the long ones.
    const bySms = eligible.filter((t) => addressOf(t).channel === "sms").map((t) => t.portalUserId);
    const byEmail = eligible.filter((t) => addressOf(t).channel === "email").map((t) => t.portalUserId);
    const links = new Map([
      ...(await personalLinks(tx, { workspaceId: w, portalUserIds: byEmail, kind: "magic" })),
      ...(await personalLinks(tx, { workspaceId: w, portalUserIds: bySms, kind: "magic", short: true })),
    ]);
    const items: { to: PortalRecipientRow; notice: Notice }[] = [];
    for (const t of eligible) {
      const link = links.get(t.portalUserId);
      // Revoked between the read and the lock.
      if (!link) skipped.push({ portalUserId: t.portalUserId, name: name(t), reason: "Access revoked" });
      else items.push({ to: t, notice: { kind: "login", link } });
    }
    const sent = await notifyPortalUsers(tx, { workspaceId: w, portalUrl: url, kind: "login", items, batchId });
    if (sent.length > 0 || skipped.length > 0) {
      const texts = sent.filter((m) => m.channel === "sms").length;
      const one = sent.length === 1 ? (sent[0].channel === "sms" ? `a login SMS to ${formatIndianMobile(sent[0].to)}` : `a login email to ${sent[0].to}`) : null;
      await audit(tx, ctx, {
        action: "portal_user.login_email",
        targetType: sent.length === 1 ? "portal_user" : "batch",
        targetId: sent.length === 1 ? sent[0].portalUserId : batchId,
        summary: `Sent ${one ?? `login messages to ${sent.length} people${texts ? ` (${texts} by SMS)` : ""}`}${skipped.length ? ` (${skipped.length} skipped)` : ""}`,
        data: { batchId, queued: sent.length, sms: texts, skipped: skipped.length },
      });
    }
    return { batchId, queued: sent.length, skipped };
  });
  kickOutbox();
  return result;
}
