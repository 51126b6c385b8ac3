import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { audit } from "@/lib/audit";
import { contactSearchFilter } from "@/lib/db/queries/contacts";
import { contacts, portalUsers, workspaces } from "@/lib/db/schema";
import { enqueueMessages, kickOutbox, type OutgoingMessage } from "@/lib/messaging/outbox";
import { baseMergeValues, composePortalEmail, loadEmailTemplate, requireDefaultEmailProfile } from "@/lib/messaging/workspace-email";
import type { OpsCtx } from "@/lib/ops-context";
import { daysLeft, personalLinks } from "./personal-links";
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
 * "Send login email" to one or many portal users: each gets an email carrying their personal link (the current
 * one, or a new one). Every email is queued in one transaction with one batch id, which the progress bar follows;
 * revoked users and contacts without an email are skipped and reported, never silently dropped.
 */
export async function sendLoginEmails(ctx: OpsCtx, input: SendLoginEmailsInput): Promise<SendLoginEmailsResult> {
  const w = ctx.workspace.id;
  const profile = await requireDefaultEmailProfile(ctx.db, { workspaceId: w });
  const url = await portalUrl(ctx.db, ctx.workspace);
  const template = await loadEmailTemplate(ctx.db, { workspaceId: w, kind: "login_email" });
  const batchId = randomUUID();

  const result = await ctx.db.transaction(async (tx) => {
    const [ws] = await tx.select({ name: workspaces.name, branding: workspaces.branding }).from(workspaces).where(eq(workspaces.id, w));
    const cols = {
      id: portalUsers.id,
      status: portalUsers.status,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
    };
    const join = and(eq(contacts.id, portalUsers.contactId), eq(contacts.workspaceId, portalUsers.workspaceId));
    let targets: { id: string; status: string; firstName: string; lastName: string; email: string | null }[] = [];
    if (input.portalUserIds?.length) {
      const ids = [...new Set(input.portalUserIds)];
      for (let i = 0; i < ids.length; i += 5000) {
        targets.push(
          ...(await tx
            .select(cols)
            .from(portalUsers)
            .innerJoin(contacts, join)
            .where(and(eq(portalUsers.workspaceId, w), inArray(portalUsers.id, ids.slice(i, i + 5000))))),
        );
      }
    } else if (input.filter) {
      targets = await tx
        .select(cols)
        .from(portalUsers)
        .innerJoin(contacts, join)
        .where(and(eq(portalUsers.workspaceId, w), eq(portalUsers.status, input.filter.status), contactSearchFilter(input.filter.q)))
        .limit(MAX_LOGIN_EMAILS + 1);
      if (targets.length > MAX_LOGIN_EMAILS) targets = targets.slice(0, MAX_LOGIN_EMAILS); // the schema's cap holds here too
    }

    const skipped: Skipped[] = [];
    const name = (t: (typeof targets)[number]) => `${t.firstName} ${t.lastName}`.trim() || t.email || "Unnamed";
    const eligible = targets.filter((t) => {
      if (t.status === "revoked") skipped.push({ portalUserId: t.id, name: name(t), reason: "Access revoked" });
      else if (!t.email) skipped.push({ portalUserId: t.id, name: name(t), reason: "No email address" });
      else return true;
      return false;
    });

    const links = await personalLinks(tx, { workspaceId: w, portalUserIds: eligible.map((t) => t.id), kind: "magic" });
    const now = new Date();
    const rows: OutgoingMessage[] = [];
    for (const t of eligible) {
      const link = links.get(t.id);
      if (!link) {
        // Revoked between the read and the lock.
        skipped.push({ portalUserId: t.id, name: name(t), reason: "Access revoked" });
        continue;
      }
      const values = {
        ...baseMergeValues({ workspace: ws, contact: t, portalUrl: url }),
        "portal.magic_link": `${url}/l/${link.token}`,
        "link.expires_in_days": String(daysLeft(link.expiresAt, now)),
      };
      rows.push(
        composePortalEmail({ workspaceId: w, to: t.email!, kind: "login_email", template, values, profile, branding: ws.branding, batchId, meta: { portalUserId: t.id } }),
      );
    }
    await enqueueMessages(tx, rows);
    if (rows.length > 0 || skipped.length > 0) {
      await audit(tx, ctx, {
        action: "portal_user.login_email",
        targetType: rows.length === 1 ? "portal_user" : "batch",
        targetId: rows.length === 1 ? String(rows[0].meta?.portalUserId) : batchId,
        summary: `Sent ${rows.length === 1 ? `a login email to ${rows[0].to}` : `login emails to ${rows.length} people`}${skipped.length ? ` (${skipped.length} skipped)` : ""}`,
        data: { batchId, queued: rows.length, skipped: skipped.length },
      });
    }
    return { batchId, queued: rows.length, skipped };
  });
  kickOutbox();
  return result;
}
